// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

/**
 * What the MMU allows through a PTE ({@link PteCodec#hardwarePermissions}), as the architecture's
 * manual defines the entry the hardware loads: the permissions the conformance kit checks
 * kmap_prot, PAGE_KERNEL and write-combining protections against, independently of the Linux
 * PTE's software bits.
 *
 * @param valid the MMU translates through the word (no fault)
 * @param kernelWritable a store in kernel (privileged) mode is allowed
 * @param userAccessible user mode may read it
 * @param executable instructions may be fetched from the page
 * @param cacheable the memory type is cacheable (write-back or write-through); false for
 *     uncached and write-combining (bufferable, not cacheable) memory
 * @param global the translation is not tagged with an address-space id
 */
public record PtePermissions(
    boolean valid,
    boolean kernelWritable,
    boolean userAccessible,
    boolean executable,
    boolean cacheable,
    boolean global) {

  /** A word the MMU does not translate through: nothing allowed. */
  public static final PtePermissions INVALID =
      new PtePermissions(false, false, false, false, false, false);

  /**
   * The permissions in short form, those that hold joined by {@code |}: {@code V} valid,
   * {@code KW} kernel-writable, {@code U} user, {@code X} executable, {@code C} cacheable,
   * {@code G} global; {@code -} for none.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    add(sb, valid, "V");
    add(sb, kernelWritable, "KW");
    add(sb, userAccessible, "U");
    add(sb, executable, "X");
    add(sb, cacheable, "C");
    add(sb, global, "G");
    return sb.length() == 0 ? "-" : sb.toString();
  }

  private static void add(StringBuilder sb, boolean set, String name) {
    if (set) {
      sb.append(sb.length() == 0 ? "" : "|").append(name);
    }
  }
}
