package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code airssys-wasm}: builds and checks component artifacts. Exit codes: 0 success, 1 the
 * artifact was refused (bad signature, malformed), 2 usage errors.
 */
@Command(
        name = "airssys-wasm",
        mixinStandardHelpOptions = true,
        version = "airssys-wasm 0.1.0",
        description = "Builds, signs and checks airssys-wasm component artifacts.",
        subcommands = {
            InitCommand.class,
            BuildCommand.class,
            BindgenCommand.class,
            KeygenCommand.class,
            PackageCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            InspectCommand.class
        })
public final class AirssysWasmCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a refused artifact prints its reason and exits 1. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AirssysWasmCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof WasmException || e instanceof IOException || e instanceof UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine;
    }
}
