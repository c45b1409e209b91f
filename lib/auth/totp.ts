// TOTP codes (RFC 6238: 6 digits, 30-second steps, SHA-1, what every authenticator app uses),
// through otplib. One step of clock drift either way is accepted; a code is accepted at most once
// because the caller passes the last step it accepted.
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = "Mail reseller portal";

export const newTotpSecret = (): string => generateSecret();

/** The otpauth:// address an authenticator app reads from the QR code. */
export const totpUri = (secret: string, email: string): string => generateURI({ issuer: ISSUER, label: email, secret });

/** The QR code as inline SVG markup: no image request, nothing for a CSP to allow. */
export const totpQrSvg = (uri: string): Promise<string> =>
  QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });

/** The time step the code belongs to, or null when it is wrong or not newer than `afterStep`. */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep: number | null,
  now = Date.now(),
): Promise<number | null> {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const epoch = Math.floor(now / 1000);
  // The newest step the drift window reaches. A stored step at or past it (accepted by a process
  // whose clock runs ahead, or before NTP set this clock back) leaves no newer code to accept:
  // a wrong code, as the caller audits it. otplib would throw for a step past it.
  const newestStep = Math.floor((epoch + TOTP_PERIOD_SECONDS) / TOTP_PERIOD_SECONDS);
  if (afterStep !== null && afterStep >= newestStep) return null;
  const result = await verify({
    secret,
    token,
    epoch,
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
