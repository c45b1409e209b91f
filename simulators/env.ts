// The simulator program's settings: its own process, so its own validated env module.
import { z } from "zod";

const schema = z.object({
  SIM_GROMMUNIO_PORT: z.coerce.number().int().min(0).max(65535).default(7101),
  SIM_QBOXMAIL_PORT: z.coerce.number().int().min(0).max(65535).default(7102),
  SIM_STATE_FILE: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  // Loopback by default. In a container the worker and web reach the simulators from other
  // containers, so docker-compose.yml listens on every address (0.0.0.0).
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
});

export function simulatorEnv() {
  return schema.parse(process.env);
}
