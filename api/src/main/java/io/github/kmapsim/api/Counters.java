// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.api;

/**
 * A snapshot of the machine's counters, summed over all CPUs.
 *
 * @param localMaps fixmap mappings made by kmap_local / kmap_atomic
 * @param localUnmaps fixmap mappings removed
 * @param atomicMaps kmap_atomic calls (any page)
 * @param lowmemShortcuts kmap_local / kmap_atomic calls answered with the direct-map address
 * @param pteWrites kernel PTE entries written (set_pte, pte_clear and any buddy entries)
 * @param pteClears pte_clear calls
 * @param tlbLocalFlushes TLB flushes a CPU makes with its own instructions, without IPIs: of one
 *     page or a range on the local CPU, or of one page broadcast by the hardware to every CPU
 *     ({@code tlbie}, {@code tlbi.vaas})
 * @param tlbRangeFlushes kernel-range flushes (each one reaches every CPU, by IPI)
 * @param tlbFullFlushes full TLB flushes
 * @param ipis inter-processor interrupts sent for TLB maintenance
 * @param lazyMmuFlushes arch_flush_lazy_mmu_mode calls
 * @param cacheFlushes D-cache area and whole-cache flushes
 * @param contextSwitches context switches
 * @param switchesWithMaps context switches where prev or next held local kmaps
 * @param slotsSavedOnSwitch slots cleared by __kmap_local_sched_out
 * @param slotsRestoredOnSwitch slots restored by __kmap_local_sched_in
 * @param tlbHits translations served by a TLB
 * @param tlbMisses translations that walked the page table
 * @param warnings WARN-class diagnostics of the kernel (a listener's failure, KMAP-W013, is not
 *     counted)
 * @param persistentMaps kmap() calls that took or reused a pkmap entry
 * @param persistentUnmaps kunmap() calls on highmem pages
 * @param pkmapFlushes flush_all_zero_pkmaps runs (on wrap and kmap_flush_unused)
 * @param pkmapSleeps times a task slept on the pkmap wait queue
 * @param ioMaps io_mapping_map_local_wc / io_mapping_map_atomic_wc calls
 */
public record Counters(
    long localMaps,
    long localUnmaps,
    long atomicMaps,
    long lowmemShortcuts,
    long pteWrites,
    long pteClears,
    long tlbLocalFlushes,
    long tlbRangeFlushes,
    long tlbFullFlushes,
    long ipis,
    long lazyMmuFlushes,
    long cacheFlushes,
    long contextSwitches,
    long switchesWithMaps,
    long slotsSavedOnSwitch,
    long slotsRestoredOnSwitch,
    long tlbHits,
    long tlbMisses,
    long warnings,
    long persistentMaps,
    long persistentUnmaps,
    long pkmapFlushes,
    long pkmapSleeps,
    long ioMaps) {}
