// Runs in each test worker before the test file: points lib/env at the services the global
// setup started.
import { inject } from "vitest";

Object.assign(process.env, inject("stackEnv"));
