package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handle table against the Component Model's reference definitions (CanonicalABI.md,
 * "Table State" and "Resource State"): the indices it hands out, and the checks of
 * {@code get}/{@code remove} that {@code lift_own}, {@code lift_borrow} and the resource
 * built-ins rely on. The rules a guest breaks through them are in {@link ResourcesTest}.
 */
class HandleTableTest {

    private static final ResourceType COUNTER = new ResourceType("test:res/counters@1.0.0", "counter");
    private static final ResourceType LOGBOOK = new ResourceType("test:res/logs@1.0.0", "logbook");

    private final HandleTable table = new HandleTable();

    private int add(ResourceType type, int rep) {
        return table.add(new HandleTable.Handle(type, rep, null, true, null), () -> "test");
    }

    /** What the reference Table returns for the same adds and removes: array with [None] at 0, free list popped last-in first. */
    private static List<Integer> referenceIndices(List<String> operations) {
        List<Object> array = new ArrayList<>(List.of("reserved"));
        List<Integer> free = new ArrayList<>();
        List<Integer> handedOut = new ArrayList<>();
        for (String operation : operations) {
            if (operation.equals("add")) {
                int index;
                if (!free.isEmpty()) {
                    index = free.remove(free.size() - 1);
                    array.set(index, "handle");
                } else {
                    index = array.size();
                    array.add("handle");
                }
                handedOut.add(index);
            } else {
                int index = Integer.parseInt(operation.substring("remove ".length()));
                array.set(index, null);
                free.add(index);
            }
        }
        return handedOut;
    }

    @Test
    void handsOutIndicesAsTheReferenceTableDoes() {
        List<String> operations = List.of(
                "add", "add", "add", "remove 2", "remove 1", "add", "add", "add", "remove 3", "add", "remove 4", "add");
        List<Integer> handedOut = new ArrayList<>();
        for (String operation : operations) {
            if (operation.equals("add")) {
                handedOut.add(add(COUNTER, 100));
            } else {
                table.remove(Integer.parseInt(operation.substring("remove ".length())), COUNTER, () -> "test");
            }
        }

        assertThat(handedOut).isEqualTo(referenceIndices(operations)).doesNotContain(0);
        assertThat(table.live()).isEqualTo(4);
    }

    @Test
    void indexZeroIsNeverAHandle() {
        add(COUNTER, 7);

        assertThatThrownBy(() -> table.get(0, COUNTER, () -> "ctx"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessage("ctx: 0 is not a live handle of resource counter of test:res/counters@1.0.0"
                        + " (never made, or already dropped or moved)");
    }

    @Test
    void aRemovedHandleIsGoneAndAnIndexChecksItsType() {
        int counter = add(COUNTER, 7);
        int logbook = add(LOGBOOK, 8);

        assertThat(table.get(counter, COUNTER, () -> "ctx").rep).isEqualTo(7);
        assertThatThrownBy(() -> table.get(logbook, COUNTER, () -> "ctx"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("handle 2 is a handle of resource logbook");
        table.remove(counter, COUNTER, () -> "ctx");
        assertThatThrownBy(() -> table.remove(counter, COUNTER, () -> "ctx"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("1 is not a live handle");
        assertThatThrownBy(() -> table.get(-1, COUNTER, () -> "ctx")).isInstanceOf(WasmAbiException.class);
    }

    @Test
    void lendingCountsUntilTheCallEnds() {
        HandleTable.Handle handle = new HandleTable.Handle(COUNTER, 1, null, true, null);
        table.add(handle, () -> "ctx");
        HandleTable.CallScope call = table.enter();

        call.lend(handle);
        call.lend(handle);
        assertThat(handle.lends).isEqualTo(2);
        table.exit(call);

        assertThat(handle.lends).isZero();
        assertThat(table.current()).isNull();
    }

    @Test
    void capsTheLiveHandlesOfOneInstance() {
        for (int i = 0; i < HandleTable.MAX_LIVE_HANDLES; i++) {
            add(COUNTER, i);
        }

        assertThatThrownBy(() -> add(COUNTER, 0))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("already holds 65536 resource handles");
        table.remove(1, COUNTER, () -> "ctx");
        assertThat(add(COUNTER, 0)).as("a freed slot is reused").isEqualTo(1);
    }

    @Test
    void closesTheHostObjectsItStillOwnsWhenTheInstanceGoesAway() {
        List<String> closed = new ArrayList<>();
        AutoCloseable owned = () -> closed.add("owned");
        AutoCloseable borrowed = () -> closed.add("borrowed");
        table.add(new HandleTable.Handle(LOGBOOK, 0, owned, true, null), () -> "ctx");
        table.add(new HandleTable.Handle(LOGBOOK, 0, borrowed, false, table.enter()), () -> "ctx");

        table.close();

        assertThat(closed).containsExactly("owned");
        assertThat(table.live()).isZero();
    }
}
