// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.toy;

import io.github.kmapsim.tests.kit.ConformanceKit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The whole conformance kit on the toy variant: one line. */
class ToyConformanceTest {

  @TestFactory
  Stream<DynamicTest> conformance() {
    return ConformanceKit.dynamicTests(new TemplatePlugin().variants().get(0));
  }
}
