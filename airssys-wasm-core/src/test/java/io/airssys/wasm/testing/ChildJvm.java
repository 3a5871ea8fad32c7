package io.airssys.wasm.testing;

import io.airssys.wasm.engine.EngineType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a new JVM with the test class path, for tests of failures that
 * could kill a JVM: the test asserts that the child exited normally and said what it saw.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /** What the child printed and how it ended. */
    public record Result(int exitCode, String output) {}

    /**
     * Starts {@code main} in a new JVM and returns at once, for a test that kills it; its output
     * and errors go to the returned process' input stream.
     */
    public static Process start(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String engine = System.getProperty(EngineType.DEFAULT_PROPERTY);
        if (engine != null) {
            command.add("-D" + EngineType.DEFAULT_PROPERTY + "=" + engine); // the child runs the same engine
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                .start();
    }

    /**
     * @param jvmOptions options such as {@code -Xss256k}
     * @param timeout    how long the child may run before it is killed (and the test fails)
     */
    public static Result run(Class<?> main, List<String> jvmOptions, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Process process = start(main, jvmOptions, args);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("<output unreadable: ").append(e).append('>');
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join();
            throw new AssertionError(
                    "child JVM " + main.getSimpleName() + " did not finish within " + timeout + "; output:\n" + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }
}
