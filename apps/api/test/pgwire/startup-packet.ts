/** Start-up packets as clients send them, for tests that speak the protocol by hand. */

/** A StartupMessage asking for `major.minor` with these parameters. */
export function startupPacket(major: number, minor: number, parameters: Record<string, string>): Buffer {
  const body = Buffer.from(
    `${Object.entries(parameters)
      .map(([name, value]) => `${name}\0${value}\0`)
      .join('')}\0`,
  );
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeUInt16BE(major, 4);
  head.writeUInt16BE(minor, 6);
  return Buffer.concat([head, body]);
}
