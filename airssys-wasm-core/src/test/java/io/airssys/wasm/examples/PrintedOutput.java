package io.airssys.wasm.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What an example prints, so its test can check it while the example itself reads naturally. */
final class PrintedOutput {

    private static final Pattern LOG_LINE = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[");

    private PrintedOutput() {}

    interface Example {
        void run() throws Exception;
    }

    static String of(Example example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        // the test logger writes to standard output too; its lines start with a time
        return printed.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !LOG_LINE.matcher(line).lookingAt())
                .map(line -> line + System.lineSeparator())
                .collect(Collectors.joining());
    }
}
