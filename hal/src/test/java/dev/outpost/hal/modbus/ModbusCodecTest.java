package dev.outpost.hal.modbus;

import static dev.outpost.hal.modbus.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known frames, CRC vectors from the Modbus specifications, and what a slave must refuse. */
class ModbusCodecTest {

    private static String frame(int unit, ModbusRequest request) {
        return RtuFrame.hex(RtuFrame.encode(unit, request.pdu()));
    }

    private static String frame(int unit, ModbusResponse response) {
        return RtuFrame.hex(RtuFrame.encode(unit, response.pdu()));
    }

    @Test
    void crcVectorsFromTheSpecificationGoLowByteFirst() {
        assertEquals(0xCDC5, Crc16.compute(bytes("01 03 00 00 00 0A"), 0, 6));
        assertEquals("01 03 00 00 00 0A C5 CD", RtuFrame.hex(Crc16.append(bytes("01 03 00 00 00 0A"))));
        assertEquals("02 07 41 12", RtuFrame.hex(Crc16.append(bytes("02 07"))));
        assertEquals(0xFFFF, Crc16.compute(new byte[0], 0, 0));
    }

    @Test
    void aCrcMatchesOnlyTheBytesItWasComputedFor() {
        assertTrue(Crc16.matches(bytes("01 03 00 00 00 0A C5 CD")));
        assertFalse(Crc16.matches(bytes("01 03 00 00 00 0B C5 CD")));
        assertFalse(Crc16.matches(bytes("01 03 00 00 00 0A CD C5")));
        assertFalse(Crc16.matches(bytes("C5 CD")));
    }

    @Test
    void requestsEncodeToKnownFrames() {
        assertEquals("01 02 00 00 00 06 F8 08", frame(1, new ModbusRequest.ReadDiscreteInputs(0, 6)));
        assertEquals("01 04 00 00 00 04 F1 C9", frame(1, new ModbusRequest.ReadInputRegisters(0, 4)));
        assertEquals("01 01 00 00 00 03 7C 0B", frame(1, new ModbusRequest.ReadCoils(0, 3)));
        assertEquals("01 05 00 00 FF 00 8C 3A", frame(1, new ModbusRequest.WriteCoil(0, true)));
        assertEquals("01 05 00 00 00 00 CD CA", frame(1, new ModbusRequest.WriteCoil(0, false)));
        assertEquals("01 0F 00 00 00 02 01 03 9E 96", frame(1, new ModbusRequest.WriteCoils(0, List.of(true, true))));
    }

    @Test
    void responsesEncodeToKnownFrames() {
        assertEquals("01 02 01 2C A0 55", frame(1, new ModbusResponse.Bits(FunctionCode.READ_DISCRETE_INPUTS,
                List.of(false, false, true, true, false, true))));
        assertEquals("01 04 08 FF FF FF FE 00 00 00 07 18 1F",
                frame(1, new ModbusResponse.Registers(List.of(0xFFFF, 0xFFFE, 0, 7))));
        assertEquals("01 84 02 C2 C1", frame(1, new ModbusResponse.ExceptionReply(FunctionCode.READ_INPUT_REGISTERS,
                ExceptionCode.ILLEGAL_DATA_ADDRESS)));
        assertEquals("01 0F 00 00 00 02 D4 0A", frame(1, new ModbusResponse.CoilsWritten(0, 2)));
    }

    @Test
    void everyRequestDecodesToItself() {
        List<ModbusRequest> requests = List.of(new ModbusRequest.ReadCoils(3, 2000),
                new ModbusRequest.ReadDiscreteInputs(65_530, 6), new ModbusRequest.ReadInputRegisters(0, 125),
                new ModbusRequest.WriteCoil(65_535, true), new ModbusRequest.WriteCoil(2, false),
                new ModbusRequest.WriteCoils(7, List.of(true, false, true, true, false, false, true, false, true)));
        for (ModbusRequest request : requests) {
            assertEquals(request, ModbusRequest.decode(request.pdu()));
        }
    }

    @Test
    void repliesDecodeAgainstTheirRequest() {
        var read = new ModbusRequest.ReadDiscreteInputs(0, 6);
        assertEquals(List.of(false, false, true, true, false, true),
                ((ModbusResponse.Bits) ModbusResponse.decode(read, bytes("02 01 2C"))).values());
        var registers = new ModbusRequest.ReadInputRegisters(0, 2);
        assertEquals(new ModbusResponse.Registers(List.of(0x1234, 0xFFFF)),
                ModbusResponse.decode(registers, bytes("04 04 12 34 FF FF")));
        assertEquals(new ModbusResponse.ExceptionReply(FunctionCode.READ_DISCRETE_INPUTS, 2),
                ModbusResponse.decode(read, bytes("82 02")));
        assertEquals(new ModbusResponse.CoilWritten(1, true),
                ModbusResponse.decode(new ModbusRequest.WriteCoil(1, true), bytes("05 00 01 FF 00")));
    }

    @Test
    void aReplyThatDoesNotFitItsRequestSaysHow() {
        var read = new ModbusRequest.ReadDiscreteInputs(0, 6);
        assertEquals("byte count 2, expected 1", assertThrows(IllegalArgumentException.class,
                () -> ModbusResponse.decode(read, bytes("02 02 2C 00"))).getMessage());
        assertEquals("function code 01 in a reply to read discrete inputs (02)", assertThrows(
                IllegalArgumentException.class, () -> ModbusResponse.decode(read, bytes("01 01 2C"))).getMessage());
        assertEquals("the echo 05 00 01 00 00 does not match the request 05 00 01 FF 00", assertThrows(
                IllegalArgumentException.class, () -> ModbusResponse.decode(new ModbusRequest.WriteCoil(1, true),
                        bytes("05 00 01 00 00"))).getMessage());
    }

    @Test
    void outOfRangeRequestsCannotBeBuiltAndNameTheExceptionASlaveWouldSend() {
        IllegalRequestException quantity = assertThrows(IllegalRequestException.class,
                () -> new ModbusRequest.ReadCoils(0, 2001));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, quantity.code());
        assertEquals("read coils: quantity must be between 1 and 2000, was 2001", quantity.getMessage());

        IllegalRequestException address = assertThrows(IllegalRequestException.class,
                () -> new ModbusRequest.ReadInputRegisters(65_535, 2));
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, address.code());
        assertEquals("read input registers: addresses must lie within 0..65535, were 65535..65536",
                address.getMessage());

        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, assertThrows(IllegalRequestException.class,
                () -> new ModbusRequest.WriteCoils(0, List.of())).code());
    }

    @Test
    void malformedRequestsDecodeToTheRightExceptionCode() {
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refusal("03 00 00 00 01"));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refusal("05 00 00 12 34"));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refusal("02 00 00 00"));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refusal("02 00 00 00 00"));
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refusal("04 FF FF 00 02"));
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refusal("0F 00 00 00 09 01 FF"));
        assertEquals("function code 03 is not supported", assertThrows(IllegalRequestException.class,
                () -> ModbusRequest.decode(bytes("03 00 00 00 01"))).getMessage());
    }

    private static ExceptionCode refusal(String pdu) {
        return assertThrows(IllegalRequestException.class, () -> ModbusRequest.decode(bytes(pdu))).code();
    }

    @Test
    void exceptionCodesDescribeThemselves() {
        assertEquals("illegal data address (02)", ExceptionCode.describe(2));
        assertEquals("unknown exception code (42)", ExceptionCode.describe(0x42));
    }

    @Test
    void frameTimingFollowsTheSerialLineSpecification() {
        FrameTiming slow = new FrameTiming(9600);
        assertEquals(Duration.ofNanos(1_145_833), slow.charTime());
        assertEquals(Duration.ofNanos(4_010_416), slow.silence());
        assertEquals(Duration.ofNanos(2_005_208), new FrameTiming(19_200).silence());
        assertEquals(Duration.ofNanos(1_750_000), new FrameTiming(38_400).silence());
        assertEquals(Duration.ofNanos(1_750_000), new FrameTiming(115_200).silence());
        assertEquals(Duration.ofNanos(8 * 1_145_833), slow.wireTime(8));
        assertEquals("modbus baud must be between 1200 and 921600, was 300",
                assertThrows(IllegalArgumentException.class, () -> new FrameTiming(300)).getMessage());
    }
}
