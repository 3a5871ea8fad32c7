package io.airssys.wasm.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds types, globals, functions and exports to a module without moving anything it has: new
 * entries go after the existing ones, so every index the module uses keeps its meaning. Missing
 * sections are created in their place. Used by the editors that instrument modules.
 */
final class ModuleExtension {

    /** Rewrites one existing function body, given as the slice {@code [start, end)} of the module. */
    interface BodyRewriter {
        byte[] rewrite(int start, int end);
    }

    private final byte[] module;
    private final WasmModuleInfo info;
    private final int definedGlobals;
    private final ByteWriter types = new ByteWriter();
    private final ByteWriter functions = new ByteWriter();
    private final ByteWriter globals = new ByteWriter();
    private final ByteWriter exports = new ByteWriter();
    private final List<byte[]> bodies = new ArrayList<>();
    private int addedTypes;
    private int addedGlobals;
    private int addedExports;

    ModuleExtension(byte[] module, WasmModuleInfo info) {
        this.module = module;
        this.info = info;
        Section globalSection = section(Section.GLOBAL);
        this.definedGlobals = globalSection == null ? 0 : reader(globalSection).readU32();
    }

    /** Functions of the module as it was, imported and defined. */
    int functionCount() {
        return info.imports(ExternKind.FUNCTION).size()
                + info.functionTypeIndices().size();
    }

    /** Globals of the module as it was, imported and defined. */
    int globalCount() {
        return info.imports(ExternKind.GLOBAL).size() + definedGlobals;
    }

    /** Adds a function type and returns its index. */
    int addType(List<ValueType> params, List<ValueType> results) {
        types.writeByte(0x60).writeUnsignedLeb(params.size());
        params.forEach(type -> types.writeByte(type.code()));
        types.writeUnsignedLeb(results.size());
        results.forEach(type -> types.writeByte(type.code()));
        return info.types().size() + addedTypes++;
    }

    /** Adds a mutable global of {@code type} initialized by {@code initializer} (a constant expression with its end). */
    int addMutableGlobal(ValueType type, byte[] initializer) {
        globals.writeByte(type.code()).writeByte(0x01).writeBytes(initializer);
        return globalCount() + addedGlobals++;
    }

    /** Adds a function of type {@code typeIndex} with {@code body} (locals and final end included). */
    int addFunction(int typeIndex, byte[] body) {
        functions.writeUnsignedLeb(typeIndex);
        bodies.add(body);
        return functionCount() + bodies.size() - 1;
    }

    void exportFunction(String name, int functionIndex) {
        exports.writeName(name).writeByte(0x00).writeUnsignedLeb(functionIndex);
        addedExports++;
    }

    /** The extended module, its existing function bodies copied as they are. */
    byte[] build() {
        return build((start, end) -> null);
    }

    /** The extended module, each existing function body passed through {@code rewriter} (null: keep it). */
    byte[] build(BodyRewriter rewriter) {
        Map<Integer, byte[]> replaced = new LinkedHashMap<>();
        replaced.put(Section.TYPE, appendEntries(section(Section.TYPE), addedTypes, types.toByteArray()));
        replaced.put(
                Section.FUNCTION, appendEntries(section(Section.FUNCTION), bodies.size(), functions.toByteArray()));
        replaced.put(Section.GLOBAL, appendEntries(section(Section.GLOBAL), addedGlobals, globals.toByteArray()));
        replaced.put(Section.EXPORT, appendEntries(section(Section.EXPORT), addedExports, exports.toByteArray()));
        replaced.put(Section.CODE, code(rewriter));
        replaced.values().removeIf(payload -> payload == null);
        return assemble(replaced);
    }

    private byte[] code(BodyRewriter rewriter) {
        List<byte[]> all = new ArrayList<>();
        Section code = section(Section.CODE);
        if (code != null) {
            ByteReader reader = reader(code);
            int count = reader.readU32();
            for (int i = 0; i < count; i++) {
                int size = reader.readU32();
                int start = reader.position();
                reader.skip(size);
                byte[] rewritten = rewriter.rewrite(start, start + size);
                all.add(rewritten != null ? rewritten : Arrays.copyOfRange(module, start, start + size));
            }
        }
        all.addAll(bodies);
        if (all.isEmpty()) {
            return null;
        }
        ByteWriter out = new ByteWriter().writeUnsignedLeb(all.size());
        for (byte[] body : all) {
            out.writeUnsignedLeb(body.length).writeBytes(body);
        }
        return out.toByteArray();
    }

    private byte[] assemble(Map<Integer, byte[]> replaced) {
        ByteWriter out = new ByteWriter().writeBytes(module, 0, 8);
        Map<Integer, byte[]> pending = new LinkedHashMap<>(replaced);
        for (Section section : info.sections()) {
            if (section.id() == Section.CUSTOM) {
                out.writeBytes(module, section.offset(), section.end() - section.offset());
                continue;
            }
            flushBefore(out, pending, order(section.id()));
            byte[] payload = pending.remove(section.id());
            if (payload != null) {
                out.writeSection(section.id(), payload);
            } else {
                out.writeBytes(module, section.offset(), section.end() - section.offset());
            }
        }
        flushBefore(out, pending, Integer.MAX_VALUE);
        return out.toByteArray();
    }

    /** Writes the sections the module lacked that come before the section of order {@code limit}. */
    private static void flushBefore(ByteWriter out, Map<Integer, byte[]> pending, int limit) {
        for (int id : Section.CANONICAL_ORDER) {
            if (order(id) < limit && pending.containsKey(id)) {
                out.writeSection(id, pending.remove(id));
            }
        }
    }

    private static int order(int id) {
        for (int i = 0; i < Section.CANONICAL_ORDER.length; i++) {
            if (Section.CANONICAL_ORDER[i] == id) {
                return i;
            }
        }
        throw new IllegalArgumentException("section " + id);
    }

    /** A vector section with {@code added} entries appended; null when there is nothing to write. */
    private byte[] appendEntries(Section section, int added, byte[] entries) {
        if (added == 0) {
            return null; // unchanged: copied as it is
        }
        ByteWriter out = new ByteWriter();
        if (section == null) {
            return out.writeUnsignedLeb(added).writeBytes(entries).toByteArray();
        }
        ByteReader reader = reader(section);
        int count = reader.readU32();
        return out.writeUnsignedLeb((long) count + added)
                .writeBytes(module, reader.position(), section.end() - reader.position())
                .writeBytes(entries)
                .toByteArray();
    }

    Section section(int id) {
        for (Section section : info.sections()) {
            if (section.id() == id) {
                return section;
            }
        }
        return null;
    }

    ByteReader reader(Section section) {
        return new ByteReader(module, section.payloadOffset(), section.end());
    }
}
