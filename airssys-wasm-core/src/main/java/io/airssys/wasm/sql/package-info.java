/** Database plumbing shared by the JDBC registry and component store; internal to the runtime. */
package io.airssys.wasm.sql;
