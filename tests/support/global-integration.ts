import type { TestProject } from "vitest/node";
import { type StackEnv, startStack } from "../../scripts/lib/stack";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: StackEnv;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startStack();
  project.provide("stackEnv", stack.env);
  return () => stack.stop();
}
