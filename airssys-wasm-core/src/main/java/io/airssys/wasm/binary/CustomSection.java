package io.airssys.wasm.binary;

import java.nio.charset.StandardCharsets;

/** A named custom section and its raw payload (the bytes after the name). */
public record CustomSection(String name, byte[] payload) {

    public CustomSection {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8, for text sections such as a manifest or WIT. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
