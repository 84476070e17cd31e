const SWAGGER_UI_CDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14";

/**
 * The API docs page: Swagger UI over the generated OpenAPI document. The dev
 * server serves the Swagger UI assets itself, so the page works offline.
 */
export function docsPage(specUrl: string, assetsUrl = SWAGGER_UI_CDN): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CKP control plane API</title>
<link rel="stylesheet" href="${assetsUrl}/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="${assetsUrl}/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: "#ui" });</script>
</body>
</html>`;
}
