/**
 * Everything about signing in lives in this module: the token's storage,
 * the sign-in page, who the caller is and what the role allows. Pages use
 * `useAuth()` and `useCan()` only.
 */
export { AuthProvider, useAuth } from "./AuthProvider";
export { can, homeOf, type Identity, type Level, type Role, rolesOf, type Scope } from "./permissions";
export { SignIn } from "./SignIn";
export { useCan } from "./useCan";
