// `/_control/*`: the in-process Endpoint API over HTTP, for tests in another process
// (the extension host, the browser e2e runner) and for poking `npm start` by hand.
//   GET    /_control/requests[?invalid=1]  recorded requests (file bytes left out)
//   GET    /_control/faults                 queued faults with remaining uses
//   POST   /_control/faults                 queue a fault, or an array of faults
//                                           (e.g. {"kind":"hostileSvg"}: the next SVG generation answers a hostile SVG)
//   DELETE /_control/faults                 drop queued faults
//   POST   /_control/reset                  forget requests, faults and stored images
import type { ServerResponse } from 'node:http';
import { faultProblem, type Fault } from './faults';
import { sendJson } from './reply';
import type { Endpoint, RecordedRequest } from './types';

/** Requests as JSON: file bytes would be huge and are already summarised by size/width/height. */
function forJson(requests: RecordedRequest[]): unknown[] {
  return requests.map((r) => ({ ...r, files: r.files?.map(({ bytes: _bytes, ...rest }) => rest) }));
}

export function handleControl(endpoint: Endpoint, method: string, url: URL, raw: Buffer, res: ServerResponse): void {
  const route = `${method} ${url.pathname}`;
  switch (route) {
    case 'GET /_control/requests': {
      const invalid = url.searchParams.get('invalid');
      const list = invalid === '1' || invalid === 'true' ? endpoint.invalidRequests() : endpoint.requests;
      return sendJson(res, undefined, 200, forJson(list));
    }
    case 'GET /_control/faults':
      return sendJson(res, undefined, 200, endpoint.pendingFaults());
    case 'POST /_control/faults': {
      let faults: unknown;
      try {
        faults = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, undefined, 400, { error: 'body must be a JSON fault or array of faults' });
      }
      const list = Array.isArray(faults) ? faults : [faults];
      const problem = list.map(faultProblem).find((p) => p !== undefined);
      if (problem) return sendJson(res, undefined, 400, { error: problem });
      list.forEach((fault) => endpoint.inject(fault as Fault));
      return sendJson(res, undefined, 200, endpoint.pendingFaults());
    }
    case 'DELETE /_control/faults':
      endpoint.clearFaults();
      return sendJson(res, undefined, 200, []);
    case 'POST /_control/reset':
      endpoint.reset();
      return sendJson(res, undefined, 200, { ok: true });
    default:
      return sendJson(res, undefined, 404, { error: `no control route ${route}` });
  }
}
