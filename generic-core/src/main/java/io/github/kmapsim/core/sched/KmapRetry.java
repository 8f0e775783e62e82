// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.sched;

/**
 * The rest of {@code map_new_virtual()} for a task that slept on {@code pkmap_map_wait}: when the
 * task runs again ({@code schedule()} returns in it), the kmap() scans again and maps the page or
 * sleeps once more. The wiring installs the pkmap code with {@link Scheduler#install(KmapRetry)},
 * so that the scheduler knows nothing of highmem.
 */
public interface KmapRetry {

  /**
   * Retries the kmap() that {@code task}, now current on {@code cpu}, slept in ({@link
   * SimTask#kmapWait}).
   */
  void retry(SchedCpu cpu, SimTask task);
}
