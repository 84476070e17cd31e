import { api } from "./api";
import { artifactsBucket } from "./storage";

/**
 * The mutual-TLS endpoint for host agents: a custom domain on the HTTP API
 * whose truststore is the CA bundle the control plane writes to the
 * artifacts bucket (pki/truststore.pem). API Gateway refuses certificates
 * that do not chain to it and passes the verified one to the Lambda in
 * requestContext.authentication.clientCert; the app checks revocation and
 * the host it names.
 *
 * Needs the domain and an ACM certificate for it, and the truststore object
 * (the CA is created on the first request that needs it, e.g. GET /v1/ca):
 *   CKP_AGENT_DOMAIN=agents.example.com CKP_AGENT_DOMAIN_CERT_ARN=arn:aws:acm:… npx sst deploy
 */
const domainName = process.env.CKP_AGENT_DOMAIN;
const certificateArn = process.env.CKP_AGENT_DOMAIN_CERT_ARN;

if (domainName && certificateArn) {
  const domain = new aws.apigatewayv2.DomainName("AgentApiDomain", {
    domainName,
    domainNameConfiguration: { certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
    mutualTlsAuthentication: { truststoreUri: $interpolate`s3://${artifactsBucket.name}/pki/truststore.pem` },
  });
  new aws.apigatewayv2.ApiMapping("AgentApiMapping", { apiId: api.nodes.api.id, domainName: domain.id, stage: "$default" });
}
