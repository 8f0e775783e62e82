// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** page_address_htable agrees with a plain map under random set/clear with colliding pfns. */
class PageAddressTableTest {

  @Test
  void agreesWithAMapThroughPutsAndRemoves() {
    int lastPkmap = 64;
    PageAddressTable table = new PageAddressTable(lastPkmap);
    Map<Long, Integer> model = new HashMap<>();
    Random r = new Random(11);
    for (int step = 0; step < 20_000; step++) {
      long pfn = 0x37400 + r.nextInt(200) * 1024L; // pfns that share low bits
      if (model.containsKey(pfn) || model.size() == lastPkmap) {
        table.remove(pfn);
        model.remove(pfn);
      } else {
        int nr = r.nextInt(lastPkmap);
        table.put(pfn, nr);
        model.put(pfn, nr);
      }
      for (int k = 0; k < 200; k += 7) {
        long probe = 0x37400 + k * 1024L;
        assertEquals(model.getOrDefault(probe, -1), table.get(probe), "pfn " + probe
            + " at step " + step);
      }
    }
  }

  @Test
  void removingAnAbsentPageChangesNothing() {
    PageAddressTable table = new PageAddressTable(4);
    table.put(7, 3);
    table.remove(8);
    assertEquals(3, table.get(7));
    assertEquals(-1, table.get(8));
  }
}
