/****************************************************************
 * Licensed to the Apache Software Foundation (ASF) under one   *
 * or more contributor license agreements.  See the NOTICE file *
 * distributed with this work for additional information        *
 * regarding copyright ownership.  The ASF licenses this file   *
 * to you under the Apache License, Version 2.0 (the            *
 * "License"); you may not use this file except in compliance   *
 * with the License.  You may obtain a copy of the License at   *
 *                                                              *
 *   http://www.apache.org/licenses/LICENSE-2.0                 *
 *                                                              *
 * Unless required by applicable law or agreed to in writing,   *
 * software distributed under the License is distributed on an  *
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY       *
 * KIND, either express or implied.  See the License for the    *
 * specific language governing permissions and limitations      *
 * under the License.                                           *
 ****************************************************************/

package org.mailplex.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The fence ring of one plex is its own: other plexes' releases never overwrite its slots. */
class FenceRingTest {
    @Test
    void sixteenPlexesReleasingInTurnShouldEachKeepTheirLastSixteenReleases() {
        FenceRing ring = new FenceRing();
        Set<Integer> helpSlots = new HashSet<>();
        for (int release = 0; release < FenceRing.SLOTS; release++) {
            helpSlots.add(ring.next("help@mailplex.local"));
            for (int plex = 0; plex < 15; plex++) {
                ring.next("plex" + plex + "@mailplex.local");
            }
        }

        // sixteen releases of help@ went to sixteen distinct slots, whatever the other plexes did meanwhile
        assertThat(helpSlots).hasSize(FenceRing.SLOTS);
        assertThat(ring.next("help@mailplex.local")).isZero();
    }
}
