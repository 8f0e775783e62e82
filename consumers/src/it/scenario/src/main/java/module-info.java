// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/** A tool that runs kmapsim scenarios. */
module org.example.consumer.scenario {
  requires io.github.kmapsim.scenario;
}
