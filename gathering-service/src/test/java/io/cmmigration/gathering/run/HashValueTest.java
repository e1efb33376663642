package io.cmmigration.gathering.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database's sums of row hashes (exact numbers up to 38 digits) are read as their low 64 bits, the same value the
 * reader's own sums of 64-bit hashes (wrapping) give: otherwise every object with two or more child rows would look
 * changed in every run.
 */
class HashValueTest {

    @Test
    void sumsAreReadModulo2To64AsBigDecimalLongValueGivesThem() {
        BigInteger big = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(97)).add(BigInteger.valueOf(12345));
        for (BigInteger v : List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(-1), BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), big, big.negate(),
                new BigInteger("99999999999999999999999999999999999999"), new BigInteger("-99999999999999999999999999999999999999"))) {
            assertEquals(new BigDecimal(v).longValue(), CatalogueReader.wrappedLong(v.toString()), v.toString());
            assertEquals(CatalogueReader.hashValue(new BigDecimal(v)), CatalogueReader.wrappedLong(v.toString()), v.toString());
        }
        long a = 0x7FFF_FFFF_FFFF_FFF0L;
        long b = 0x0000_0000_0000_0123L;
        long c = -0x7000_0000_0000_0000L;
        String sum = BigInteger.valueOf(a).add(BigInteger.valueOf(b)).add(BigInteger.valueOf(c)).add(BigInteger.valueOf(a)).toString();
        assertEquals(a + b + c + a, CatalogueReader.wrappedLong(sum), "as the reader adds row hashes one by one");
        assertEquals(0L, CatalogueReader.wrappedLong(null));
    }
}
