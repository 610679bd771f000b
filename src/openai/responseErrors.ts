/**
 * The server answered, but not with what the API promises (no image, bad base64, an
 * expired link, a stream cut short). Distinct from the SDK's own errors so the message
 * can say "the server's answer was unusable" rather than blame the user's input.
 */
export class InvalidResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidResponseError';
  }
}
