// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One optional step of the SPI: a default method of {@link KmapHooks}, {@link PteCodec} or
 * {@link MemoryLayout}, whose default is the kernel's. A port has a capability when its
 * implementation overrides that method, as its {@code asm/highmem.h}, {@code asm/pgtable.h} or
 * {@code asm/fixmap.h} overrides the generic definition; {@link #of(ArchVariant)} derives the set
 * from the classes themselves. The core takes the kernel's default inline where a port keeps it,
 * and the conformance kit checks a step's default behaviour where a port does not override it.
 *
 * <p>Each constant names its method by calling it (on a recording proxy), not by a string, so
 * renaming an SPI method fails to compile here, and a test checks that every default method has
 * exactly one constant.
 */
public enum Capability {
  /** {@code arch_kmap_local_set_pte()}: {@link KmapHooks#setPte}. */
  KMAP_SET_PTE(KmapHooks.class, h -> h.setPte(null, null, 0, 0, 0)),
  /** {@code arch_kmap_local_post_map()}: {@link KmapHooks#postMap}. */
  POST_MAP(KmapHooks.class, h -> h.postMap(null, 0, 0)),
  /** {@code arch_kmap_local_pre_unmap()}: {@link KmapHooks#preUnmap}. */
  PRE_UNMAP(KmapHooks.class, h -> h.preUnmap(null, 0)),
  /** {@code arch_kmap_local_post_unmap()}: {@link KmapHooks#postUnmap}. */
  POST_UNMAP(KmapHooks.class, h -> h.postUnmap(null, 0)),
  /** {@code arch_kmap_local_map_idx()}: {@link KmapHooks#mapIdx}. */
  MAP_IDX(KmapHooks.class, h -> h.mapIdx(null, 0, 0)),
  /** {@code arch_kmap_local_unmap_idx()}: {@link KmapHooks#unmapIdx}. */
  UNMAP_IDX(KmapHooks.class, h -> h.unmapIdx(null, 0, 0)),
  /** {@code arch_kmap_local_high_get()}: {@link KmapHooks#highGet}. */
  HIGH_GET(KmapHooks.class, h -> h.highGet(null, 0)),
  /** {@code ARCH_NEEDS_KMAP_HIGH_GET}: {@link KmapHooks#needsKmapHighGet}. */
  NEEDS_KMAP_HIGH_GET(KmapHooks.class, KmapHooks::needsKmapHighGet),
  /** {@code CONFIG_HAVE_ATOMIC_IOMAP}: {@link KmapHooks#haveAtomicIomap}. */
  HAVE_ATOMIC_IOMAP(KmapHooks.class, KmapHooks::haveAtomicIomap),
  /** {@code get_pkmap_color()}: {@link KmapHooks#getPkmapColor}. */
  GET_PKMAP_COLOR(KmapHooks.class, h -> h.getPkmapColor(0)),
  /** {@code get_next_pkmap_nr()}: {@link KmapHooks#getNextPkmapNr}. */
  GET_NEXT_PKMAP_NR(KmapHooks.class, h -> h.getNextPkmapNr(null, 0, 0)),
  /** {@code no_more_pkmaps()}: {@link KmapHooks#noMorePkmaps}. */
  NO_MORE_PKMAPS(KmapHooks.class, h -> h.noMorePkmaps(0, 0)),
  /** {@code get_pkmap_entries_count()}: {@link KmapHooks#getPkmapEntriesCount}. */
  GET_PKMAP_ENTRIES_COUNT(KmapHooks.class, h -> h.getPkmapEntriesCount(0, 0)),
  /** {@code get_pkmap_wait_queue_head()}: {@link KmapHooks#getPkmapWaitQueueHead}. */
  GET_PKMAP_WAIT_QUEUE_HEAD(KmapHooks.class, h -> h.getPkmapWaitQueueHead(0)),
  /** {@code flush_cache_kmaps()}: {@link KmapHooks#flushCacheKmaps}. */
  FLUSH_CACHE_KMAPS(KmapHooks.class, h -> h.flushCacheKmaps(null)),
  /** {@code kmap_flush_tlb()} ({@code ARCH_HAS_KMAP_FLUSH_TLB}): {@link KmapHooks#kmapFlushTlb}. */
  KMAP_FLUSH_TLB(KmapHooks.class, h -> h.kmapFlushTlb(null, 0)),
  /** {@code CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY} or not: {@link KmapHooks#kmapPtesLinear}. */
  KMAP_PTES_LINEAR(KmapHooks.class, KmapHooks::kmapPtesLinear),

  /**
   * The MMU's kernel write permission where it is not {@code pte_write()}:
   * {@link PteCodec#hardwareWritable}.
   */
  HARDWARE_WRITABLE(PteCodec.class, c -> c.hardwareWritable(0)),
  /** {@code pte_none()}: {@link PteCodec#pteNone}. */
  PTE_NONE(PteCodec.class, c -> c.pteNone(0)),
  /** The value {@code pte_clear()} writes: {@link PteCodec#emptyPte}. */
  EMPTY_PTE(PteCodec.class, PteCodec::emptyPte),
  /** {@code set_pte()}: {@link PteCodec#setPte}. */
  SET_PTE(PteCodec.class, c -> c.setPte(null, 0, 0)),
  /** {@code pte_clear()}: {@link PteCodec#pteClear}. */
  PTE_CLEAR(PteCodec.class, c -> c.pteClear(null, 0)),
  /** {@code pgprot_writecombine()}: {@link PteCodec#pgprotWritecombine}. */
  PGPROT_WRITECOMBINE(PteCodec.class, c -> c.pgprotWritecombine(0)),
  /** {@code kmap_prot}: {@link PteCodec#kmapProt}. */
  KMAP_PROT(PteCodec.class, PteCodec::kmapProt),
  /** The word the MMU sees: {@link PteCodec#hardwarePte}. */
  HARDWARE_PTE(PteCodec.class, c -> c.hardwarePte(0)),
  /** What the MMU allows through its word: {@link PteCodec#hardwarePermissions}. */
  HARDWARE_PERMISSIONS(PteCodec.class, c -> c.hardwarePermissions(0)),
  /** An executable kmap_prot: {@link PteCodec#kmapProtExecutable}. */
  KMAP_PROT_EXECUTABLE(PteCodec.class, PteCodec::kmapProtExecutable),

  /** {@code PAGE_SIZE} other than {@code 1 << PAGE_SHIFT}: {@link MemoryLayout#pageSize}. */
  PAGE_SIZE(MemoryLayout.class, MemoryLayout::pageSize),
  /** {@code VMALLOC_START}: {@link MemoryLayout#vmallocStart}. */
  VMALLOC_START(MemoryLayout.class, l -> l.vmallocStart(0)),
  /** {@code __fix_to_virt()} other than asm-generic's: {@link MemoryLayout#fixToVirt}. */
  FIX_TO_VIRT(MemoryLayout.class, l -> l.fixToVirt(0)),
  /** {@code __virt_to_fix()} other than asm-generic's: {@link MemoryLayout#virtToFix}. */
  VIRT_TO_FIX(MemoryLayout.class, l -> l.virtToFix(0));

  private final Class<?> spi;
  private final Method method;

  <T> Capability(Class<T> spi, Consumer<T> call) {
    this.spi = spi;
    this.method = recorded(spi, call);
  }

  /** The SPI interface whose default method this is. */
  public Class<?> spi() {
    return spi;
  }

  /** The default method of {@link #spi()} this capability stands for. */
  public Method method() {
    return method;
  }

  /**
   * Whether {@code impl}, an implementation of {@link #spi()}, overrides the method: its class
   * (or an interface between it and the SPI) declares it.
   *
   * @throws IllegalArgumentException when {@code impl} does not implement {@link #spi()}
   */
  public boolean overriddenBy(Object impl) {
    if (!spi.isInstance(impl)) {
      throw new IllegalArgumentException(impl.getClass().getName() + " is not a "
          + spi.getSimpleName() + ", so it cannot override " + method.getName());
    }
    try {
      return impl.getClass().getMethod(method.getName(), method.getParameterTypes())
          .getDeclaringClass() != spi;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a " + spi.getSimpleName() + " without " + method, e);
    }
  }

  /** The capabilities of a hooks, codec and layout implementation. */
  public static Set<Capability> of(KmapHooks hooks, PteCodec codec, MemoryLayout layout) {
    Set<Capability> found = EnumSet.noneOf(Capability.class);
    for (Capability c : values()) {
      Object impl = c.spi == KmapHooks.class ? hooks : c.spi == PteCodec.class ? codec : layout;
      if (c.overriddenBy(impl)) {
        found.add(c);
      }
    }
    return found;
  }

  /**
   * The capabilities of a variant: its hooks, its codec, and its layout for one CPU and
   * KM_MAX_IDX 16 (the layout's class is the same for every configuration of a variant).
   */
  public static Set<Capability> of(ArchVariant variant) {
    return of(variant.hooks(), variant.pteCodec(), variant.layout(1, 16));
  }

  /** The method {@code call} invokes on an instance of {@code spi}. */
  private static <T> Method recorded(Class<T> spi, Consumer<T> call) {
    Method[] seen = new Method[1];
    T probe = spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi},
        (proxy, m, args) -> {
          seen[0] = m;
          return zero(m.getReturnType());
        }));
    call.accept(probe);
    return seen[0];
  }

  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
