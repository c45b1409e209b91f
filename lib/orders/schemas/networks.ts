// allow_nets entries: an IPv4 or IPv6 address, or a network in CIDR notation.
import { z } from "zod";

const formats = [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()];

function isIpOrCidr(value: string): boolean {
  return formats.some((f) => f.safeParse(value).success);
}

export const ipOrCidrSchema = z.string().refine(isIpOrCidr, {
  error: (iss) =>
    `"${String(iss.input)}" is not an IP address or network (use 192.0.2.10, 192.0.2.0/24 or 2001:db8::/32)`,
});
