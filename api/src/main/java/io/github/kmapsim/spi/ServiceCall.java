// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.Objects;

/**
 * One call a hook makes on its {@link HardwareServices}: which service, with which addresses. A
 * hook trace ({@link ReferenceVectors.HookCall}) is a list of them; the conformance kit records
 * them from a running machine and compares. {@link #toString()} spells the call as the Java method
 * it is, {@code localFlushTlbKernelPage(0xfffba000)}.
 *
 * @param service the service called
 * @param start its first address argument (0 where it takes none)
 * @param end its second address or size argument (0 where it takes none)
 */
public record ServiceCall(Service service, long start, long end) {

  /**
   * The services of {@link HardwareServices} that act on the machine, each with the kernel
   * function it stands for and how far it reaches.
   */
  public enum Service {
    /** {@link HardwareServices#localFlushTlbKernelPage}: one page, this CPU. */
    LOCAL_FLUSH_TLB_KERNEL_PAGE("localFlushTlbKernelPage", Reach.LOCAL, 1),
    /** {@link HardwareServices#localFlushTlbKernelRange}: a range, this CPU. */
    LOCAL_FLUSH_TLB_KERNEL_RANGE("localFlushTlbKernelRange", Reach.LOCAL, 2),
    /** {@link HardwareServices#flushTlbKernelPageBroadcast}: one page, every CPU, no IPI. */
    FLUSH_TLB_KERNEL_PAGE_BROADCAST("flushTlbKernelPageBroadcast", Reach.BROADCAST, 1),
    /** {@link HardwareServices#flushTlbKernelRange}: a range, every CPU by IPI. */
    FLUSH_TLB_KERNEL_RANGE("flushTlbKernelRange", Reach.IPI, 2),
    /** {@link HardwareServices#flushTlbAll}: everything, every CPU by IPI. */
    FLUSH_TLB_ALL("flushTlbAll", Reach.IPI, 0),
    /** {@link HardwareServices#flushDcacheArea}: a D-cache area, this CPU. */
    FLUSH_DCACHE_AREA("flushDcacheArea", Reach.LOCAL, 2),
    /** {@link HardwareServices#flushCacheAll}: the whole cache, this CPU. */
    FLUSH_CACHE_ALL("flushCacheAll", Reach.LOCAL, 0),
    /** {@link HardwareServices#flushLazyMmuMode}: the batched MMU updates of this CPU. */
    FLUSH_LAZY_MMU_MODE("flushLazyMmuMode", Reach.LOCAL, 0),
    /** {@link HardwareServices#kmapHighGet}: pins a pkmap mapping; no hardware effect. */
    KMAP_HIGH_GET("kmapHighGet", Reach.LOCAL, 1);

    private final String method;
    private final Reach reach;
    private final int arguments;

    Service(String method, Reach reach, int arguments) {
      this.method = method;
      this.reach = reach;
      this.arguments = arguments;
    }

    /** The {@link HardwareServices} method's name. */
    public String method() {
      return method;
    }

    /** Which CPUs the service reaches, and how. */
    public Reach reach() {
      return reach;
    }

    /** How many of {@code start} and {@code end} the method takes: 0, 1 or 2. */
    public int arguments() {
      return arguments;
    }
  }

  /** How far a service reaches. */
  public enum Reach {
    /** The CPU the hook runs on. */
    LOCAL,
    /** Every CPU, by a hardware broadcast (no inter-processor interrupt). */
    BROADCAST,
    /** Every CPU, by an inter-processor interrupt to each other one. */
    IPI
  }

  /** Checks the fields: no argument where the service takes none. */
  public ServiceCall {
    Objects.requireNonNull(service, "service");
    if (service.arguments < 2 && end != 0 || service.arguments < 1 && start != 0) {
      throw new IllegalArgumentException(service.method + " takes " + service.arguments
          + " argument(s)");
    }
  }

  /** {@code localFlushTlbKernelPage(vaddr)}. */
  public static ServiceCall localFlushTlbKernelPage(long vaddr) {
    return new ServiceCall(Service.LOCAL_FLUSH_TLB_KERNEL_PAGE, vaddr, 0);
  }

  /** {@code localFlushTlbKernelRange(start, end)}. */
  public static ServiceCall localFlushTlbKernelRange(long start, long end) {
    return new ServiceCall(Service.LOCAL_FLUSH_TLB_KERNEL_RANGE, start, end);
  }

  /** {@code flushTlbKernelPageBroadcast(vaddr)}. */
  public static ServiceCall flushTlbKernelPageBroadcast(long vaddr) {
    return new ServiceCall(Service.FLUSH_TLB_KERNEL_PAGE_BROADCAST, vaddr, 0);
  }

  /** {@code flushTlbKernelRange(start, end)}. */
  public static ServiceCall flushTlbKernelRange(long start, long end) {
    return new ServiceCall(Service.FLUSH_TLB_KERNEL_RANGE, start, end);
  }

  /** {@code flushTlbAll()}. */
  public static ServiceCall flushTlbAll() {
    return new ServiceCall(Service.FLUSH_TLB_ALL, 0, 0);
  }

  /** {@code flushDcacheArea(vaddr, size)}. */
  public static ServiceCall flushDcacheArea(long vaddr, long size) {
    return new ServiceCall(Service.FLUSH_DCACHE_AREA, vaddr, size);
  }

  /** {@code flushCacheAll()}. */
  public static ServiceCall flushCacheAll() {
    return new ServiceCall(Service.FLUSH_CACHE_ALL, 0, 0);
  }

  /** {@code flushLazyMmuMode()}. */
  public static ServiceCall flushLazyMmuMode() {
    return new ServiceCall(Service.FLUSH_LAZY_MMU_MODE, 0, 0);
  }

  /** {@code kmapHighGet(pfn)}. */
  public static ServiceCall kmapHighGet(long pfn) {
    return new ServiceCall(Service.KMAP_HIGH_GET, pfn, 0);
  }

  /**
   * The call as written in Java: {@code localFlushTlbKernelPage(0xfffba000)},
   * {@code flushDcacheArea(0xffefe000, 4096)} (a size in decimal), {@code flushTlbAll()}.
   */
  @Override
  public String toString() {
    return switch (service.arguments) {
      case 0 -> service.method + "()";
      case 1 -> service.method + "(0x" + Long.toHexString(start) + ")";
      default -> service.method + "(0x" + Long.toHexString(start) + ", "
          + (service == Service.FLUSH_DCACHE_AREA ? Long.toString(end)
              : "0x" + Long.toHexString(end)) + ")";
    };
  }
}
