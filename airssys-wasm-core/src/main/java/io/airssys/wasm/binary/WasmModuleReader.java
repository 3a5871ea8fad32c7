package io.airssys.wasm.binary;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ExternType.GlobalType;
import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.binary.ExternType.TableType;
import io.airssys.wasm.binary.ExternType.TagType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the structure of a wasm binary (MVP encoding plus the memory64, threads and tag
 * extensions). It checks everything it reads: header, section ids, order and sizes, LEB128
 * encodings, UTF-8 names, type indices, duplicate exports and that function and code counts
 * agree. Function bodies, globals, elements and data are skipped, not validated: the engine
 * validates those when it compiles.
 */
public final class WasmModuleReader {

    static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};
    static final byte[] VERSION = {0x01, 0x00, 0x00, 0x00};

    /** Canonical position of each known non-custom section id in the module, by id. */
    private static final int[] ORDER = new int[14];

    static {
        for (int i = 0; i < Section.CANONICAL_ORDER.length; i++) {
            ORDER[Section.CANONICAL_ORDER[i]] = i + 1;
        }
    }

    private WasmModuleReader() {}

    /**
     * Reads a module.
     *
     * @throws WasmFormatException if the bytes are not a well-formed wasm module
     */
    public static WasmModuleInfo read(byte[] bytes) {
        return read(bytes, BinaryLimits.DEFAULT);
    }

    /**
     * Reads a module, refusing one beyond {@code limits} before it is parsed further.
     *
     * @throws WasmFormatException if the bytes are not a well-formed wasm module or exceed the limits
     */
    public static WasmModuleInfo read(byte[] bytes, BinaryLimits limits) {
        if (bytes.length > limits.maxModuleBytes()) {
            throw new WasmFormatException(
                    0,
                    "binary is " + bytes.length + " bytes, above the limit of " + limits.maxModuleBytes() + " bytes");
        }
        return new Parse(bytes, limits).run();
    }

    /** Lists the sections only, without interpreting them; used by the editors. */
    static List<Section> sections(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, 0, bytes.length);
        readHeader(reader, bytes);
        List<Section> sections = new ArrayList<>();
        while (reader.hasMore()) {
            sections.add(readSectionHeader(reader));
        }
        return sections;
    }

    private static void readHeader(ByteReader reader, byte[] bytes) {
        if (bytes.length < 8) {
            throw new WasmFormatException(
                    bytes.length, "binary is " + bytes.length + " bytes long, shorter than the 8-byte wasm header");
        }
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new WasmFormatException(0, "missing \\0asm magic number: not a WebAssembly binary");
            }
        }
        if (bytes[6] == 1 && bytes[7] == 0) {
            throw new WasmFormatException(
                    4,
                    "this is a WebAssembly component (a Component Model binary), not a core module; "
                            + "airssys-wasm runs core modules that follow the canonical ABI: deploy the core module "
                            + "the component was made from (the module given to 'wasm-tools component new', or the "
                            + "output of a wasm32-wasip1 or wasm32-unknown-unknown build)");
        }
        for (int i = 0; i < 4; i++) {
            if (bytes[4 + i] != VERSION[i]) {
                throw new WasmFormatException(
                        4, "unsupported binary version (only version 1 core modules are supported)");
            }
        }
        reader.skip(8);
    }

    private static Section readSectionHeader(ByteReader reader) {
        int offset = reader.position();
        int id = reader.readByte();
        if (id > Section.TAG) {
            throw new WasmFormatException(offset, "unknown section id " + id);
        }
        int size = reader.readU32();
        int payloadOffset = reader.position();
        if (size > reader.remaining()) {
            throw new WasmFormatException(
                    offset,
                    "section " + id + " declares " + size + " bytes but only " + reader.remaining() + " remain");
        }
        reader.skip(size);
        return new Section(id, offset, payloadOffset, size);
    }

    /** One read of one binary; holds what earlier sections declared for later ones to check against. */
    private static final class Parse {
        private final byte[] bytes;
        private final BinaryLimits limits;
        private final List<FunctionType> types = new ArrayList<>();
        private final List<WasmImport> imports = new ArrayList<>();
        private final List<Integer> functionTypeIndices = new ArrayList<>();
        private final List<MemoryType> memories = new ArrayList<>();
        private final List<TableType> tables = new ArrayList<>();
        private final List<WasmExport> exports = new ArrayList<>();
        private final List<CustomSection> customSections = new ArrayList<>();
        private Integer codeCount;
        private int importedFunctions;

        Parse(byte[] bytes, BinaryLimits limits) {
            this.bytes = bytes;
            this.limits = limits;
        }

        WasmModuleInfo run() {
            List<Section> sections = sections(bytes);
            int lastOrder = 0;
            for (Section section : sections) {
                if (section.id() != Section.CUSTOM) {
                    int order = ORDER[section.id()];
                    if (order <= lastOrder) {
                        throw new WasmFormatException(
                                section.offset(), "section " + section.id() + " is out of order or duplicated");
                    }
                    lastOrder = order;
                }
                ByteReader reader = new ByteReader(bytes, section.payloadOffset(), section.end());
                readSection(section.id(), reader);
                if (reader.hasMore()) {
                    throw reader.fail(
                            "section " + section.id() + " has " + reader.remaining() + " unexpected trailing bytes");
                }
            }
            int definedFunctions = functionTypeIndices.size();
            int bodies = codeCount == null ? 0 : codeCount;
            if (definedFunctions != bodies) {
                throw new WasmFormatException(
                        bytes.length,
                        "function section declares " + definedFunctions + " functions but the code section has "
                                + bodies + " bodies");
            }
            return new WasmModuleInfo(
                    sections, types, imports, functionTypeIndices, memories, tables, exports, customSections);
        }

        private void readSection(int id, ByteReader reader) {
            switch (id) {
                case Section.CUSTOM -> readCustom(reader);
                case Section.TYPE -> readTypes(reader);
                case Section.IMPORT -> readImports(reader);
                case Section.FUNCTION -> readFunctions(reader);
                case Section.TABLE -> readTables(reader);
                case Section.MEMORY -> readMemories(reader);
                case Section.EXPORT -> readExports(reader);
                case Section.CODE -> readCode(reader);
                default -> reader.skip(reader.remaining());
            }
        }

        private void readCustom(ByteReader reader) {
            int offset = reader.position();
            String name = reader.readName();
            if (name.startsWith(BinaryLimits.METADATA_PREFIX) && reader.remaining() > limits.maxMetadataBytes()) {
                throw new WasmFormatException(
                        offset,
                        "custom section '" + name + "' is " + reader.remaining() + " bytes, above the limit of "
                                + limits.maxMetadataBytes() + " bytes");
            }
            customSections.add(new CustomSection(name, reader.readBytes(reader.remaining())));
        }

        private void readTypes(ByteReader reader) {
            int count = reader.readCount(3);
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                int form = reader.readByte();
                if (form != 0x60) {
                    throw new WasmFormatException(
                            offset, "type " + i + " is not a function type (form 0x" + Integer.toHexString(form) + ")");
                }
                types.add(new FunctionType(readValueTypes(reader), readValueTypes(reader)));
            }
        }

        private List<ValueType> readValueTypes(ByteReader reader) {
            int count = reader.readCount(1);
            List<ValueType> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(ValueType.read(reader));
            }
            return result;
        }

        private void readImports(ByteReader reader) {
            int count = reader.readCount(4);
            for (int i = 0; i < count; i++) {
                String module = reader.readName();
                String name = reader.readName();
                int kindOffset = reader.position();
                ExternKind kind = ExternKind.fromCode(reader.readByte(), kindOffset);
                ExternType type = switch (kind) {
                    case FUNCTION -> types.get(readTypeIndex(reader));
                    case TABLE -> readTableType(reader);
                    case MEMORY -> readMemoryType(reader);
                    case GLOBAL -> readGlobalType(reader);
                    case TAG -> readTagType(reader);
                };
                imports.add(new WasmImport(module, name, type));
                if (kind == ExternKind.FUNCTION && ++importedFunctions > limits.maxFunctions()) {
                    throw new WasmFormatException(
                            kindOffset, "module imports more than " + limits.maxFunctions() + " functions, the limit");
                }
            }
        }

        private void readFunctions(ByteReader reader) {
            int offset = reader.position();
            int count = reader.readCount(1);
            if ((long) count + functionCount() > limits.maxFunctions()) {
                throw new WasmFormatException(
                        offset,
                        "module has " + ((long) count + functionCount()) + " functions, above the limit of "
                                + limits.maxFunctions());
            }
            for (int i = 0; i < count; i++) {
                functionTypeIndices.add(readTypeIndex(reader));
            }
        }

        private void readTables(ByteReader reader) {
            int count = reader.readCount(3);
            for (int i = 0; i < count; i++) {
                tables.add(readTableType(reader));
            }
        }

        private void readMemories(ByteReader reader) {
            int count = reader.readCount(2);
            for (int i = 0; i < count; i++) {
                memories.add(readMemoryType(reader));
            }
        }

        private void readExports(ByteReader reader) {
            int count = reader.readCount(3);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                String name = reader.readName();
                if (!names.add(name)) {
                    throw new WasmFormatException(offset, "duplicate export name '" + name + "'");
                }
                int kindOffset = reader.position();
                ExternKind kind = ExternKind.fromCode(reader.readByte(), kindOffset);
                int indexOffset = reader.position();
                int index = reader.readU32();
                if (kind == ExternKind.FUNCTION && index >= functionCount()) {
                    throw new WasmFormatException(
                            indexOffset,
                            "export '" + name + "' refers to function " + index + " but the module has only "
                                    + functionCount());
                }
                exports.add(new WasmExport(name, kind, index));
            }
        }

        private void readCode(ByteReader reader) {
            int count = reader.readCount(1);
            for (int i = 0; i < count; i++) {
                int size = reader.readU32();
                reader.skip(size);
            }
            codeCount = count;
        }

        private int functionCount() {
            return importedFunctions + functionTypeIndices.size();
        }

        private int readTypeIndex(ByteReader reader) {
            int offset = reader.position();
            int index = reader.readU32();
            if (index >= types.size()) {
                throw new WasmFormatException(
                        offset, "type index " + index + " out of range (" + types.size() + " types declared)");
            }
            return index;
        }

        private MemoryType readMemoryType(ByteReader reader) {
            int offset = reader.position();
            int flags = reader.readByte();
            if (flags > 0x07) {
                throw new WasmFormatException(offset, "invalid memory limits flags 0x" + Integer.toHexString(flags));
            }
            boolean hasMax = (flags & 0x01) != 0;
            boolean shared = (flags & 0x02) != 0;
            boolean memory64 = (flags & 0x04) != 0;
            long min = memory64 ? reader.readU64() : reader.readU32AsLong();
            OptionalLong max = hasMax
                    ? OptionalLong.of(memory64 ? reader.readU64() : reader.readU32AsLong())
                    : OptionalLong.empty();
            if (max.isPresent() && Long.compareUnsigned(max.getAsLong(), min) < 0) {
                throw new WasmFormatException(
                        offset, "memory maximum " + max.getAsLong() + " pages is below its minimum " + min);
            }
            if (shared && !hasMax) {
                throw new WasmFormatException(offset, "shared memory must declare a maximum");
            }
            return new MemoryType(min, max, shared, memory64);
        }

        private TableType readTableType(ByteReader reader) {
            ValueType element = ValueType.read(reader);
            int offset = reader.position();
            int flags = reader.readByte();
            if (flags > 0x01) {
                throw new WasmFormatException(offset, "invalid table limits flags 0x" + Integer.toHexString(flags));
            }
            long min = reader.readU32AsLong();
            OptionalLong max = flags == 1 ? OptionalLong.of(reader.readU32AsLong()) : OptionalLong.empty();
            return new TableType(element, min, max);
        }

        private GlobalType readGlobalType(ByteReader reader) {
            ValueType type = ValueType.read(reader);
            int offset = reader.position();
            int mutability = reader.readByte();
            if (mutability > 1) {
                throw new WasmFormatException(offset, "invalid global mutability " + mutability);
            }
            return new GlobalType(type, mutability == 1);
        }

        private TagType readTagType(ByteReader reader) {
            int offset = reader.position();
            if (reader.readByte() != 0) {
                throw new WasmFormatException(offset, "invalid tag attribute");
            }
            return new TagType(readTypeIndex(reader));
        }
    }
}
