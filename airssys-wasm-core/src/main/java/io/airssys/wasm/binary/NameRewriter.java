package io.airssys.wasm.binary;

/**
 * Renames a module's imports and exports without touching anything else: the import and export
 * sections are rewritten entry by entry, every other byte is copied. Used to read modules whose
 * toolchain spells the canonical ABI's names in another scheme.
 */
public final class NameRewriter {

    /** The new names; return the name given to keep it. */
    public interface Renaming {

        String exportName(String name);

        /** The new module name of an import. */
        String importModule(String module, String name);

        /** The new field name of an import. */
        String importName(String module, String name);
    }

    private NameRewriter() {}

    /** Returns {@code module} with its imports and exports renamed; the module itself if no name changes. */
    public static byte[] rename(byte[] module, Renaming renaming) {
        ByteWriter out = new ByteWriter().writeBytes(module, 0, 8);
        boolean changed = false;
        for (Section section : WasmModuleReader.sections(module)) {
            byte[] payload = null;
            if (section.id() == Section.IMPORT) {
                payload = imports(module, section, renaming);
            } else if (section.id() == Section.EXPORT) {
                payload = exports(module, section, renaming);
            }
            if (payload == null) {
                out.writeBytes(module, section.offset(), section.end() - section.offset());
            } else {
                changed = true;
                out.writeSection(section.id(), payload);
            }
        }
        return changed ? out.toByteArray() : module;
    }

    /** The rewritten import section, or null if no name in it changes. */
    private static byte[] imports(byte[] module, Section section, Renaming renaming) {
        ByteReader reader = new ByteReader(module, section.payloadOffset(), section.end());
        int count = reader.readU32();
        ByteWriter out = new ByteWriter().writeUnsignedLeb(count);
        boolean changed = false;
        for (int i = 0; i < count; i++) {
            String moduleName = reader.readName();
            String name = reader.readName();
            String newModule = renaming.importModule(moduleName, name);
            String newName = renaming.importName(moduleName, name);
            changed |= !newModule.equals(moduleName) || !newName.equals(name);
            int descriptor = reader.position();
            skipImportDescriptor(reader);
            out.writeName(newModule).writeName(newName).writeBytes(module, descriptor, reader.position() - descriptor);
        }
        return changed ? out.toByteArray() : null;
    }

    private static byte[] exports(byte[] module, Section section, Renaming renaming) {
        ByteReader reader = new ByteReader(module, section.payloadOffset(), section.end());
        int count = reader.readU32();
        ByteWriter out = new ByteWriter().writeUnsignedLeb(count);
        boolean changed = false;
        for (int i = 0; i < count; i++) {
            String name = reader.readName();
            String newName = renaming.exportName(name);
            changed |= !newName.equals(name);
            out.writeName(newName).writeByte(reader.readByte()).writeUnsignedLeb(reader.readU32());
        }
        return changed ? out.toByteArray() : null;
    }

    private static void skipImportDescriptor(ByteReader reader) {
        int kindOffset = reader.position();
        switch (ExternKind.fromCode(reader.readByte(), kindOffset)) {
            case FUNCTION -> reader.readU32();
            case TABLE -> {
                ValueType.read(reader);
                skipLimits(reader);
            }
            case MEMORY -> skipLimits(reader);
            case GLOBAL -> {
                ValueType.read(reader);
                reader.readByte();
            }
            case TAG -> {
                reader.readByte();
                reader.readU32();
            }
        }
    }

    private static void skipLimits(ByteReader reader) {
        int flags = reader.readByte();
        reader.readU64();
        if ((flags & 1) != 0) {
            reader.readU64();
        }
    }
}
