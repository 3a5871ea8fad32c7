package io.airssys.wasm;

/**
 * Makes text that came from a guest safe to put in a log line: control characters (NUL, escape
 * sequences, line breaks, the C1 range) and lone surrogates are written as {@code \\uXXXX}, so a
 * guest cannot forge log lines, corrupt a terminal or turn a log file binary.
 */
public final class LogText {

    private LogText() {}

    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int i = 0;
        while (i < length && isPlain(text, i)) {
            i++;
        }
        if (i == length) {
            return text;
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (isPlain(text, i)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String text, int index) {
        char c = text.charAt(index);
        if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
        }
        return true;
    }
}
