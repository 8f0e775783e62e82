// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/** A simulator that wires kmapsim with Guice. */
module org.example.consumer.guice {
  requires io.github.kmapsim.guice;
}
