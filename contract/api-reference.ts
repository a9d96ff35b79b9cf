/**
 * The interactive API reference both apps serve over their own OpenAPI document: Swagger UI
 * (the `swagger-ui-dist` package), chosen because it renders under a strict CSP: no inline
 * script (this page starts it from a file) and no inline style (React sets styles through the
 * CSSOM, which `style-src` does not govern), where Scalar's standalone bundle injects `<style>`
 * elements and needs `style-src 'unsafe-inline'`. Every file comes from the app itself, under a
 * path versioned by the package's version, so nothing is fetched from elsewhere and the files
 * may be cached for a year. Pure strings: the origin reads the package's files from disk, the
 * Worker serves them as static assets outside its script bundle.
 */

/** The installed `swagger-ui-dist` (package.json pins it exactly; a test checks they agree). */
export const SWAGGER_UI_VERSION = '5.35.0';

/** The package's files the page loads. */
export const SWAGGER_UI_FILES = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;
export type SwaggerUiFile = keyof typeof SWAGGER_UI_FILES;

/** Our own starter, served as a file beside the package's: the page has no inline script. */
export const REFERENCE_SCRIPT_FILE = 'reference.js';

/**
 * Starts Swagger UI on the element that names the document. `validatorUrl: null`: Swagger UI
 * would otherwise show a badge loaded from validator.swagger.io.
 */
export const REFERENCE_SCRIPT = `(() => {
  const root = document.getElementById('reference');
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  });
})();
`;

/**
 * The page's CSP, the same at the origin and the edge: scripts, styles and the document's fetch
 * from this host only, images also as `data:` (the stylesheet's icons); nothing from elsewhere.
 */
export const REFERENCE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A year: every asset path carries the version of what it serves. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

/**
 * The reference page: the document's URL in a data attribute, the package's stylesheet and
 * script, then our starter. `assetBase` is where the three files are served (versioned path).
 */
export function referencePage(options: { title: string; documentUrl: string; assetBase: string }): string {
  const { title, documentUrl, assetBase } = options;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${assetBase}/swagger-ui.css" />
  </head>
  <body>
    <div id="reference" data-openapi="${escapeHtml(documentUrl)}"></div>
    <noscript><p>The interactive reference needs JavaScript. The document itself: <a href="${escapeHtml(documentUrl)}">${escapeHtml(documentUrl)}</a> (OpenAPI 3.1).</p></noscript>
    <script src="${assetBase}/swagger-ui-bundle.js"></script>
    <script src="${assetBase}/${REFERENCE_SCRIPT_FILE}"></script>
  </body>
</html>
`;
}
