package io.airssys.wasm.binary;

import java.nio.charset.StandardCharsets;

/**
 * Adds and removes named custom sections. A component artifact carries its manifest, WIT
 * and signature this way; custom sections never change what the module does.
 */
public final class CustomSectionEditor {

    private CustomSectionEditor() {}

    /** Returns a copy of {@code module} with a custom section appended at the end. */
    public static byte[] append(byte[] module, String name, byte[] payload) {
        WasmModuleReader.sections(module);
        ByteWriter content = new ByteWriter().writeName(name).writeBytes(payload);
        return new ByteWriter()
                .writeBytes(module)
                .writeSection(Section.CUSTOM, content.toByteArray())
                .toByteArray();
    }

    /** {@link #append(byte[], String, byte[])} with a UTF-8 text payload. */
    public static byte[] append(byte[] module, String name, String text) {
        return append(module, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a copy of {@code module} without any custom section named {@code name}. */
    public static byte[] strip(byte[] module, String name) {
        ByteWriter out = new ByteWriter().writeBytes(module, 0, 8);
        for (Section section : WasmModuleReader.sections(module)) {
            if (section.id() == Section.CUSTOM && name.equals(customName(module, section))) {
                continue;
            }
            out.writeBytes(module, section.offset(), section.end() - section.offset());
        }
        return out.toByteArray();
    }

    private static String customName(byte[] module, Section section) {
        return new ByteReader(module, section.payloadOffset(), section.end()).readName();
    }
}
