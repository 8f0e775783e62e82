// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package org.example.kmapsim.toy;

import io.github.kmapsim.conformance.ConformanceTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The whole conformance kit on every variant of the plugin: one line. */
class ToyConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return ConformanceTests.dynamicTests(new TemplatePlugin());
  }
}
