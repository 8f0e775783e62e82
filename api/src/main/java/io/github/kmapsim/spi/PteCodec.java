// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * The PTE encoding of a variant, as {@code asm/pgtable*.h} defines it. PTE words are raw
 * {@code long}s with the architecture's real bit layout; a 32-bit {@code pte_t} uses the low 32
 * bits.
 */
public interface PteCodec {

  /** The width of {@code pte_t} in bits: 32 or 64. */
  int pteBits();

  /** {@code pfn_pte(pfn, prot)}. */
  long pfnPte(long pfn, long prot);

  /** {@code pte_pfn(pte)}. */
  long ptePfn(long pte);

  /** {@code pte_present(pte)}: whether the hardware would translate through this PTE. */
  boolean ptePresent(long pte);

  /**
   * {@code pte_write(pte)}, as the architecture defines it. On most architectures it is also the
   * kernel's write permission; where it is not (it tests a software or user-mode bit), the port
   * says what the hardware allows in {@link #hardwareWritable}.
   */
  boolean pteWrite(long pte);

  /**
   * Whether the MMU lets the kernel store through this present PTE. The simulated MMU enforces
   * it: a store through a kmap whose PTE it does not allow is an oops ({@code KMAP-B004}, unable
   * to handle page fault), since nothing fixes up a write fault on a kernel mapping. The default
   * is {@link #pteWrite}; a port overrides it where {@code pte_write()} is not the hardware's
   * kernel write permission: xtensa's tests the software bit {@code _PAGE_WRITABLE}, which
   * PAGE_KERNEL does not set, while the MMU looks at {@code _PAGE_HW_WRITE}.
   */
  default boolean hardwareWritable(long pte) {
    return pteWrite(pte);
  }

  /**
   * {@code pte_none(pte)}. The default is the generic {@code !pte_val(pte)} relative to
   * {@link #emptyPte()}.
   */
  default boolean pteNone(long pte) {
    return pte == emptyPte();
  }

  /** The value {@code pte_clear()} writes; not always 0 (xtensa's is 0x1c). */
  default long emptyPte() {
    return 0;
  }

  /**
   * {@code set_pte()} / {@code set_pte_at()}: installs a PTE (pkmap, io_mapping, a slot restored
   * at switch-in, and a new kmap_local slot unless {@link KmapHooks#setPte} says otherwise). The
   * default writes the one entry; MIPS also marks the buddy entry global.
   */
  default void setPte(PteTable table, long ptep, long pte) {
    table.set(ptep, pte);
  }

  /**
   * {@code pte_clear()}: empties an entry. The default writes {@link #emptyPte()}; MIPS writes
   * {@code _PAGE_GLOBAL} when the buddy is global.
   */
  default void pteClear(PteTable table, long ptep) {
    table.set(ptep, emptyPte());
  }

  /** {@code PAGE_KERNEL}. */
  long pageKernel();

  /**
   * {@code pgprot_writecombine(prot)}: the protection with the architecture's write-combining
   * memory type, as io_mapping_create_wc uses it.
   *
   * @throws UnsupportedOperationException when the port has not said how it encodes WC
   */
  default long pgprotWritecombine(long prot) {
    throw new UnsupportedOperationException("this port does not encode pgprot_writecombine");
  }

  /** {@code kmap_prot}; PAGE_KERNEL unless the architecture says otherwise. */
  default long kmapProt() {
    return pageKernel();
  }

  /** One past the largest pfn the PTE format can hold (the physical address width). */
  long maxPfn();

  /**
   * The word the MMU sees, where it differs from the Linux PTE (ARM's hardware PTE, MIPS
   * EntryLo); the Linux PTE itself by default.
   */
  default long hardwarePte(long pte) {
    return pte;
  }

  /**
   * What the MMU allows through a present PTE, decoded from the entry the hardware loads for it:
   * the hardware word ({@link #hardwarePte}) as the architecture's manual defines it, and, for
   * attributes that word does not hold, what the TLB refill takes from elsewhere (e500's MAS2
   * cache attributes, MicroBlaze's and ARC's valid bit): valid, kernel-writable, user-accessible,
   * executable, cacheable, global. The conformance kit checks kmap_prot, PAGE_KERNEL and
   * write-combining against it ({@code required_pte_kmap_prot_permissions}); {@link
   * PtePermissions#valid} must agree with {@link #ptePresent} and {@link
   * PtePermissions#kernelWritable} with {@link #hardwareWritable}.
   *
   * @param pte a Linux PTE word
   * @throws UnsupportedOperationException when the port has not said how its hardware entry
   *     reads (the default): the kit's permission rules are then not applicable
   */
  default PtePermissions hardwarePermissions(long pte) {
    throw new UnsupportedOperationException("this port does not decode its hardware PTE word");
  }

  /**
   * Whether the kernel's kmap_prot lets the CPU fetch instructions from the page. False, the
   * default, where the architecture can forbid it and PAGE_KERNEL does (x86 PAE's NX, ARM's XN);
   * true where it cannot (x86 without PAE, book3s32's hash PTE), where PAGE_KERNEL does not use
   * it (MIPS leaves XI clear, ARC sets _PAGE_EXECUTE), or where kmap_prot is PAGE_KERNEL_EXEC
   * (xtensa). The kit checks {@link #hardwarePermissions} of kmap_prot against it.
   */
  default boolean kmapProtExecutable() {
    return false;
  }

  /** The set flag names of a PTE, in the kernel's spelling, for dumps ({@code "P|RW|A|D|G"}). */
  String describe(long pte);
}
