package io.airssys.wasm.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for the fuzz properties: valid seeds bent by random edits (flipped, inserted, deleted
 * and repeated bytes, truncation), the way fuzzers find what a parser does not expect, plus
 * fully random inputs.
 */
public final class Mutations {

    private Mutations() {}

    /** One edit of a byte array. */
    private record Edit(int kind, double at, int value, int length) {
        byte[] apply(byte[] input) {
            int position = input.length == 0 ? 0 : (int) (at * input.length) % Math.max(1, input.length);
            return switch (kind) {
                case 0 -> { // flip a byte
                    byte[] out = input.clone();
                    if (out.length > 0) {
                        out[position] = (byte) value;
                    }
                    yield out;
                }
                case 1 -> { // insert bytes
                    byte[] out = new byte[input.length + length];
                    System.arraycopy(input, 0, out, 0, position);
                    Arrays.fill(out, position, position + length, (byte) value);
                    System.arraycopy(input, position, out, position + length, input.length - position);
                    yield out;
                }
                case 2 -> { // delete bytes
                    int end = Math.min(input.length, position + length);
                    byte[] out = new byte[input.length - (end - position)];
                    System.arraycopy(input, 0, out, 0, position);
                    System.arraycopy(input, end, out, position, input.length - end);
                    yield out;
                }
                case 3 -> Arrays.copyOf(input, position); // truncate
                default -> { // repeat a slice
                    int end = Math.min(input.length, position + length);
                    byte[] slice = Arrays.copyOfRange(input, position, end);
                    byte[] out = new byte[input.length + slice.length * 4];
                    System.arraycopy(input, 0, out, 0, end);
                    for (int i = 0; i < 4; i++) {
                        System.arraycopy(slice, 0, out, end + i * slice.length, slice.length);
                    }
                    System.arraycopy(input, end, out, end + slice.length * 4, input.length - end);
                    yield out;
                }
            };
        }
    }

    private static Arbitrary<Edit> edits() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 64))
                .as(Edit::new);
    }

    /** Seeds bent by 1 to 8 edits. */
    public static Arbitrary<byte[]> mutated(List<byte[]> seeds) {
        return Combinators.combine(
                        Arbitraries.of(seeds), edits().list().ofMinSize(1).ofMaxSize(8))
                .as((seed, edits) -> {
                    byte[] out = seed;
                    for (Edit edit : edits) {
                        out = edit.apply(out);
                    }
                    return out;
                });
    }

    /** Texts bent by edits at the byte level, decoded leniently as UTF-8. */
    public static Arbitrary<String> mutatedText(List<String> seeds) {
        return mutated(seeds.stream()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .toList())
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** One edit of a token list: insert a word, drop a token, insert a repeated word, or repeat a token. */
    private record TokenEdit(int kind, double at, String word, int count) {}

    /** Texts bent by replacing, repeating or dropping whole tokens, which reaches deeper into a grammar. */
    public static Arbitrary<String> tokenShuffled(List<String> seeds, List<String> vocabulary) {
        return Combinators.combine(
                        Arbitraries.of(seeds),
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 3),
                                        Arbitraries.doubles().between(0, 1),
                                        Arbitraries.of(vocabulary),
                                        Arbitraries.integers().between(1, 40))
                                .as(TokenEdit::new)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(6))
                .as((seed, edits) -> {
                    List<String> tokens =
                            new ArrayList<>(List.of(seed.split("(?<=[\\s{}();:,<>=./@])|(?=[\\s{}();:,<>=./@])")));
                    for (TokenEdit edit : edits) {
                        int kind = edit.kind();
                        int at = (int) (edit.at() * tokens.size()) % Math.max(1, tokens.size());
                        String word = edit.word();
                        int count = edit.count();
                        switch (kind) {
                            case 0 -> tokens.add(at, word);
                            case 1 -> {
                                if (!tokens.isEmpty()) {
                                    tokens.remove(at);
                                }
                            }
                            case 2 -> tokens.add(at, word.repeat(count));
                            default -> {
                                if (!tokens.isEmpty()) {
                                    String token = tokens.get(at);
                                    for (int i = 0; i < count; i++) {
                                        tokens.add(at, token);
                                    }
                                }
                            }
                        }
                    }
                    return String.join("", tokens);
                });
    }
}
