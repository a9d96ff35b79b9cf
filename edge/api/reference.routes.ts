/**
 * The shopper API's interactive reference (`GET /api/docs`, see reference.api.ts): the page, our
 * starter script, and the package's script and stylesheet. Those two are Workers static assets
 * (wrangler.toml `[assets]`: the installed `swagger-ui-dist` directory), outside the script
 * bundle and reachable only through this route (`run_worker_first`), so only they are served.
 * The page's CSP (gateway/security-headers.ts) allows nothing from another host.
 */
import {
  IMMUTABLE,
  REFERENCE_SCRIPT,
  REFERENCE_SCRIPT_FILE,
  referencePage,
  SWAGGER_UI_FILES,
  type SwaggerUiFile,
} from '../../contract/api-reference';
import { ApiError } from '../lib/errors';
import { router } from '../lib/openapi';
import { OPENAPI_PATH } from './openapi-document';
import { REFERENCE_ASSET_BASE, referenceAssetRoute, referencePageRoute } from './reference.api';

const page = referencePage({
  title: 'edgeshop shopper API',
  documentUrl: OPENAPI_PATH,
  assetBase: REFERENCE_ASSET_BASE,
});

const isPackageFile = (name: string): name is SwaggerUiFile => Object.hasOwn(SWAGGER_UI_FILES, name);

export const referenceRoutes = router()
  .openapi(referencePageRoute, (c) => c.html(page, 200, { 'cache-control': 'no-cache' }))
  .openapi(referenceAssetRoute, async (c) => {
    const { file } = c.req.valid('param');
    if (file === REFERENCE_SCRIPT_FILE) {
      return c.body(REFERENCE_SCRIPT, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': IMMUTABLE,
      });
    }
    if (!isPackageFile(file)) throw new ApiError('not_found', `No file ${file} in the reference`);
    const asset = await c.env.ASSETS.fetch(new URL(`/${file}`, c.req.url));
    if (!asset.ok || !asset.body) throw new ApiError('not_found', `No file ${file} in the reference`);
    return c.body(asset.body, 200, { 'content-type': SWAGGER_UI_FILES[file], 'cache-control': IMMUTABLE });
  });
