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

package org.mailplex.core;

import java.util.Collection;

/**
 * Jain's fairness index over the mails each operator was given: {@code (Σx)² / (n·Σx²)}, from
 * {@code 1/n} (one operator took everything) to 1.0 (perfectly even). Every operator who could take
 * mail counts, those given nothing included; with nothing dispatched (or nobody) it is 1.0.
 */
public final class Fairness {
    private Fairness() {
    }

    public static double jainIndex(Collection<Long> dispatchedPerOperator) {
        double sum = 0;
        double sumOfSquares = 0;
        for (long dispatched : dispatchedPerOperator) {
            if (dispatched < 0) {
                throw new IllegalArgumentException("A count of dispatched mails cannot be negative: " + dispatched);
            }
            sum += dispatched;
            sumOfSquares += (double) dispatched * dispatched;
        }
        if (sumOfSquares == 0) {
            return 1.0;
        }
        return sum * sum / (dispatchedPerOperator.size() * sumOfSquares);
    }
}
