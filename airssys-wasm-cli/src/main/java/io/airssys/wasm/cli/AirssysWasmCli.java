package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code airssys-wasm}: builds and checks component artifacts, and steers the components of a
 * running application through its actuator. Exit codes: 0 success, 1 refused (a bad signature, a
 * malformed artifact, or the application's reason), 2 usage errors, 3 the application could not
 * be reached or did not accept the credentials.
 */
@Command(
        name = "airssys-wasm",
        mixinStandardHelpOptions = true,
        version = "airssys-wasm 0.1.0",
        description = "Builds, signs and checks airssys-wasm component artifacts, and operates them in a"
                + " running application.",
        subcommands = {
            InitCommand.class,
            BuildCommand.class,
            BindgenCommand.class,
            KeygenCommand.class,
            PackageCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            InspectCommand.class,
            OpsCommands.Deploy.class,
            OpsCommands.Promote.class,
            OpsCommands.Rollback.class,
            OpsCommands.Weight.class,
            OpsCommands.Stop.class,
            OpsCommands.Start.class,
            OpsCommands.Remove.class,
            OpsCommands.ListComponents.class,
            OpsCommands.Info.class,
            OpsCommands.History.class
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
