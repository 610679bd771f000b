// A strict, whole-buffer multipart/form-data parser (RFC 7578). Written here rather than
// pulled in as a dependency: the endpoint must see exactly the parts the client sent
// (field names like `image[]`, filenames, per-part content types) to record and judge them.

export interface MultipartPart {
  name: string;
  /** Present for file parts (a `filename` parameter in Content-Disposition, even if empty). */
  filename?: string;
  /** The part's own Content-Type; file parts without one default to application/octet-stream, as servers treat them. */
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

/** The boundary from a `multipart/form-data; boundary=...` header, or undefined if not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed part header line: ${JSON.stringify(line)}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Reads `name="..."` / `filename="..."` (quoted, with backslash escapes, or bare). */
function dispositionParam(disposition: string, key: string): string | undefined {
  const re = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const match = re.exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2].trim();
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MultipartError('multipart body has no boundary delimiter');
  for (;;) {
    position += delimiter.length;
    // `--` right after a delimiter closes the body.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts;
    if (body[position] !== 0x0d || body[position + 1] !== 0x0a) throw new MultipartError('boundary not followed by CRLF');
    position += 2;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) throw new MultipartError('part headers not terminated');
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
    const contentStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), contentStart);
    if (next < 0) throw new MultipartError('multipart body not terminated by a closing boundary');
    const disposition = headers['content-disposition'];
    if (!disposition || !/^form-data\b/i.test(disposition)) throw new MultipartError('part without Content-Disposition: form-data');
    const name = dispositionParam(disposition, 'name');
    if (name === undefined) throw new MultipartError('part without a name');
    const filename = dispositionParam(disposition, 'filename');
    const part: MultipartPart = { name, data: body.subarray(contentStart, next) };
    if (filename !== undefined) {
      part.filename = filename;
      part.contentType = headers['content-type'] ?? 'application/octet-stream';
    } else if (headers['content-type']) {
      part.contentType = headers['content-type'];
    }
    parts.push(part);
    position = next + 2;
  }
}
