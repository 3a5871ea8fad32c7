// The {{name}} component. `airssys-wasm build` generates ./bindings/{{snake}}.ts (types, and the
// host's functions to call) from wit/; the functions here implement the world's exports:
// a world-level function as a top-level export, an exported interface as a namespace.
import { Option, Result, Unit, Tuple2, Message, ComponentError, ComponentMetadata, HealthStatus, MessagingError } from "./bindings/{{snake}}";

export namespace componentLifecycle {
  export function initialize(config: Array<Tuple2<string, string>>): Result<Unit, ComponentError> {
    return Result.ok<Unit, ComponentError>(0);
  }

  /** Replies with the message's own payload. */
  export function handleMessage(message: Message): Result<Array<u8>, ComponentError> {
    return Result.ok<Array<u8>, ComponentError>(message.payload);
  }

  export function handleCallback(correlation: string, response: Result<Array<u8>, MessagingError>): Result<Unit, ComponentError> {
    return Result.ok<Unit, ComponentError>(0);
  }

  export function metadata(): ComponentMetadata {
    return new ComponentMetadata("{{name}}", "0.1.0", Option.some<string>("The {{name}} component"), []);
  }

  export function health(): HealthStatus {
    return HealthStatus.Healthy;
  }

  export function shutdown(): Result<Unit, ComponentError> {
    return Result.ok<Unit, ComponentError>(0);
  }
}

/** Greets whoever is named. */
export function greet(name: string): string {
  return "Hello, " + name + "!";
}
