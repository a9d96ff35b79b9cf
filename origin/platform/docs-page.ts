/**
 * `/docs`: the interactive reference of the origin's OpenAPI document (Swagger UI, see
 * contract/api-reference.ts). The package's files are read once from `node_modules` (Bun and
 * Node alike) and served from here with the page, under a CSP that allows nothing from elsewhere:
 * scripts, styles and the document's fetch from this origin only, images also as `data:` (the
 * stylesheet's icons).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import {
  IMMUTABLE,
  REFERENCE_CSP,
  REFERENCE_SCRIPT,
  REFERENCE_SCRIPT_FILE,
  referencePage,
  SWAGGER_UI_FILES,
  SWAGGER_UI_VERSION,
  type SwaggerUiFile,
} from '../../contract/api-reference';

export const DOCS_CSP = REFERENCE_CSP;

const HEADERS = {
  'content-security-policy': DOCS_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const ASSET_BASE = `/docs/assets/${SWAGGER_UI_VERSION}`;

const resolve = createRequire(import.meta.url).resolve;
const files = new Map<SwaggerUiFile, Promise<ArrayBuffer>>();

/** One read per process: a few hundred KB to 2 MB that never change while it runs. */
function packageFile(name: SwaggerUiFile): Promise<ArrayBuffer> {
  let file = files.get(name);
  if (!file) {
    file = readFile(resolve(`swagger-ui-dist/${name}`)).then((b) => new Uint8Array(b).buffer);
    file.catch(() => files.delete(name));
    files.set(name, file);
  }
  return file;
}

const isPackageFile = (name: string): name is SwaggerUiFile => Object.hasOwn(SWAGGER_UI_FILES, name);

/** The reference page for `title`, over the document served at `/openapi.json`. */
export function docsRoutes(title: string) {
  const page = referencePage({ title, documentUrl: '/openapi.json', assetBase: ASSET_BASE });
  return new Hono()
    .get('/', (c) => c.html(page, 200, { ...HEADERS, 'cache-control': 'no-cache' }))
    .get(`/assets/${SWAGGER_UI_VERSION}/:file`, async (c) => {
      const name = c.req.param('file');
      if (name === REFERENCE_SCRIPT_FILE) {
        return c.body(REFERENCE_SCRIPT, 200, {
          ...HEADERS,
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': IMMUTABLE,
        });
      }
      if (!isPackageFile(name)) return c.notFound();
      const body = await packageFile(name);
      return c.body(body, 200, { ...HEADERS, 'content-type': SWAGGER_UI_FILES[name], 'cache-control': IMMUTABLE });
    });
}
