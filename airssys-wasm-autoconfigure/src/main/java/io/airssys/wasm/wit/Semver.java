package io.airssys.wasm.wit;

import java.util.regex.Pattern;

/** Semantic Versioning 2.0.0 syntax, as WIT package and gate versions require. */
final class Semver {

    private static final String NUMBER = "(0|[1-9]\\d*)";
    private static final String PRE_ID = "(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final Pattern SEMVER = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER
            + "(-" + PRE_ID + "(\\." + PRE_ID + ")*)?(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?");

    private Semver() {
    }

    static boolean isValid(String version) {
        return SEMVER.matcher(version).matches();
    }
}
