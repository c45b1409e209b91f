// allow_nets entries: an IPv4 or IPv6 address, or a network in CIDR notation.
import { z } from "zod";
import { vTyped } from "@/lib/i18n/validation";

const formats = [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()];

function isIpOrCidr(value: string): boolean {
  return formats.some((f) => f.safeParse(value).success);
}

export const ipOrCidrSchema = z.string().refine(isIpOrCidr, {
  error: (iss) => vTyped("notIpOrNetwork", { value: String(iss.input) }),
});
