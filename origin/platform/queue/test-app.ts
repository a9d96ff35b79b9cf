/**
 * For the queue's route tests: mounts routers on a bare app with the same validation hook and
 * error rendering as origin/app.ts, so the routes can be tested before (and apart from) the
 * wiring there.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { errorBody, HttpError } from '../errors';
import { validationHook } from '../openapi';

/** A bare app with `mount`'s routes and app.ts's error rendering. */
export function testApp(mount: (app: OpenAPIHono) => void): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  mount(app);
  app.onError((e, c) => {
    if (e instanceof HttpError) return c.json(errorBody(e.code, e.message, e.details), e.status);
    if (e instanceof HTTPException && e.status < 500) return c.json(errorBody('invalid_json', e.message), e.status);
    return c.json(errorBody('internal_error', String(e)), 500);
  });
  return app;
}
