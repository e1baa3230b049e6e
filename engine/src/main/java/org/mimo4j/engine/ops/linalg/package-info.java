/** Batched, broadcasting matrix product on the backend's sgemm. */
package org.mimo4j.engine.ops.linalg;
