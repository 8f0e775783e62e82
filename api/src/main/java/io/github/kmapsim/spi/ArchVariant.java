package io.github.kmapsim.spi;

/**
 * One configuration of an architecture (x86 non-PAE, x86 PAE, ...), with a stable name. Variants
 * are stateless: the core asks for a layout per machine and calls the hooks with that machine's
 * services.
 */
public interface ArchVariant {

  /** The stable name, such as {@code x86-pae}. */
  String name();

  /** One line in kernel terms: page size, PTE width, notable options. */
  String description();

  /** The largest NR_CPUS the variant's fixmap allows ({@code config NR_CPUS} range). */
  int maxCpus();

  /**
   * The virtual memory layout for a kernel built with {@code nrCpus} and {@code kmMaxIdx}.
   *
   * @param nrCpus NR_CPUS, 1..{@link #maxCpus()}
   * @param kmMaxIdx KM_MAX_IDX, 16 or 33
   */
  MemoryLayout layout(int nrCpus, int kmMaxIdx);

  /** The PTE encoding. */
  PteCodec pteCodec();

  /** The kmap hooks of {@code asm/highmem.h}. */
  KmapHooks hooks();
}
