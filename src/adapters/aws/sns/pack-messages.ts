/** The original SnsManager's separator between queued messages. */
export const SNS_SEPARATOR = '\n\n#####\n\n';
/** SNS Publish limit (256 KiB), minus room for the subject and request overhead. */
export const SNS_MAX_MESSAGE_BYTES = 262_144 - 1024;

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Split one oversized message into pieces of at most `maxBytes` UTF-8 bytes (never inside a character). */
function splitMessage(message: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceBytes = 0;
  for (const char of message) {
    const bytes = byteLength(char);
    if (pieceBytes + bytes > maxBytes) {
      pieces.push(piece);
      piece = '';
      pieceBytes = 0;
    }
    piece += char;
    pieceBytes += bytes;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Join messages with `separator` into as few bodies as fit `maxBytes` each, keeping their order.
 * A message larger than the limit on its own is split.
 */
export function packMessages(messages: readonly string[], separator = SNS_SEPARATOR, maxBytes = SNS_MAX_MESSAGE_BYTES): string[] {
  const separatorBytes = byteLength(separator);
  const bodies: string[] = [];
  let current: string[] = [];
  let currentBytes = 0;
  const flush = (): void => {
    if (current.length > 0) bodies.push(current.join(separator));
    current = [];
    currentBytes = 0;
  };
  for (const message of messages) {
    for (const part of byteLength(message) > maxBytes ? splitMessage(message, maxBytes) : [message]) {
      const bytes = byteLength(part);
      const added = current.length === 0 ? bytes : separatorBytes + bytes;
      if (currentBytes + added > maxBytes) flush();
      currentBytes += current.length === 0 ? bytes : separatorBytes + bytes;
      current.push(part);
    }
  }
  flush();
  return bodies;
}

/** SNS subjects: printable ASCII, no line breaks, at most 100 characters. */
export function snsSubject(subject: string): string {
  const clean = subject
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  const bounded = clean.length > 100 ? `${clean.slice(0, 97)}...` : clean;
  return bounded === '' ? 'sosw notice' : bounded;
}
