package dev.outpost.hal.modbus;

import java.util.List;
import java.util.Objects;

/**
 * A request PDU. The records check their values as a slave would, so an out-of-range request cannot be built;
 * {@link #decode} is the slave side.
 */
public sealed interface ModbusRequest {

    int MAX_READ_BITS = 2000;
    int MAX_READ_REGISTERS = 125;
    int MAX_WRITE_COILS = 1968;

    FunctionCode function();

    int address();

    /** Function code and data, without unit id and CRC. */
    byte[] pdu();

    /** The length of the normal reply's PDU, which the master uses to know when a reply is complete. */
    int replyPduLength();

    /** e.g. {@code read discrete inputs 0..5}, for logs and errors. */
    String describe();

    /** The three reads share one layout: function code, start address, quantity. */
    sealed interface Read extends ModbusRequest {
        int quantity();

        @Override
        default byte[] pdu() {
            byte[] pdu = new byte[5];
            pdu[0] = (byte) function().code();
            Pdu.putU16(pdu, 1, address());
            Pdu.putU16(pdu, 3, quantity());
            return pdu;
        }

        @Override
        default int replyPduLength() {
            return 2 + (function() == FunctionCode.READ_INPUT_REGISTERS ? 2 * quantity() : Pdu.bytesFor(quantity()));
        }

        @Override
        default String describe() {
            return function().label() + " " + address() + ".." + (address() + quantity() - 1);
        }
    }

    record ReadCoils(int address, int quantity) implements Read {
        public ReadCoils {
            Pdu.span(FunctionCode.READ_COILS, address, quantity, MAX_READ_BITS);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.READ_COILS;
        }
    }

    record ReadDiscreteInputs(int address, int quantity) implements Read {
        public ReadDiscreteInputs {
            Pdu.span(FunctionCode.READ_DISCRETE_INPUTS, address, quantity, MAX_READ_BITS);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.READ_DISCRETE_INPUTS;
        }
    }

    record ReadInputRegisters(int address, int quantity) implements Read {
        public ReadInputRegisters {
            Pdu.span(FunctionCode.READ_INPUT_REGISTERS, address, quantity, MAX_READ_REGISTERS);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.READ_INPUT_REGISTERS;
        }
    }

    record WriteCoil(int address, boolean on) implements ModbusRequest {
        public WriteCoil {
            Pdu.span(FunctionCode.WRITE_SINGLE_COIL, address, 1, 1);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.WRITE_SINGLE_COIL;
        }

        @Override
        public byte[] pdu() {
            byte[] pdu = new byte[5];
            pdu[0] = (byte) function().code();
            Pdu.putU16(pdu, 1, address);
            Pdu.putU16(pdu, 3, on ? 0xFF00 : 0x0000);
            return pdu;
        }

        @Override
        public int replyPduLength() {
            return 5;
        }

        @Override
        public String describe() {
            return "write coil " + address + " = " + (on ? "on" : "off");
        }
    }

    record WriteCoils(int address, List<Boolean> values) implements ModbusRequest {
        public WriteCoils {
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            Pdu.span(FunctionCode.WRITE_MULTIPLE_COILS, address, values.size(), MAX_WRITE_COILS);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.WRITE_MULTIPLE_COILS;
        }

        @Override
        public byte[] pdu() {
            int count = Pdu.bytesFor(values.size());
            byte[] pdu = new byte[6 + count];
            pdu[0] = (byte) function().code();
            Pdu.putU16(pdu, 1, address);
            Pdu.putU16(pdu, 3, values.size());
            pdu[5] = (byte) count;
            Pdu.pack(values, pdu, 6);
            return pdu;
        }

        @Override
        public int replyPduLength() {
            return 5;
        }

        @Override
        public String describe() {
            return "write coils " + address + ".." + (address + values.size() - 1) + " = " + values;
        }
    }

    /**
     * Decodes a request PDU as a slave receives it.
     *
     * @throws IllegalRequestException naming the exception code the slave must answer with
     */
    static ModbusRequest decode(byte[] pdu) {
        if (pdu.length == 0) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_FUNCTION, "empty request");
        }
        int code = pdu[0] & 0xFF;
        FunctionCode function = FunctionCode.of(code).orElseThrow(() -> new IllegalRequestException(
                ExceptionCode.ILLEGAL_FUNCTION, "function code " + String.format("%02X", code) + " is not supported"));
        return switch (function) {
            case READ_COILS -> new ReadCoils(fixed(pdu, function, 1), Pdu.u16(pdu, 3));
            case READ_DISCRETE_INPUTS -> new ReadDiscreteInputs(fixed(pdu, function, 1), Pdu.u16(pdu, 3));
            case READ_INPUT_REGISTERS -> new ReadInputRegisters(fixed(pdu, function, 1), Pdu.u16(pdu, 3));
            case WRITE_SINGLE_COIL -> {
                int address = fixed(pdu, function, 1);
                int value = Pdu.u16(pdu, 3);
                if (value != 0xFF00 && value != 0x0000) {
                    throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_VALUE, function.label()
                            + ": value must be FF00 or 0000, was " + String.format("%04X", value));
                }
                yield new WriteCoil(address, value == 0xFF00);
            }
            case WRITE_MULTIPLE_COILS -> decodeWriteCoils(pdu, function);
        };
    }

    private static ModbusRequest decodeWriteCoils(byte[] pdu, FunctionCode function) {
        int quantity = pdu.length >= 6 ? Pdu.u16(pdu, 3) : 0;
        int count = pdu.length >= 6 ? pdu[5] & 0xFF : -1;
        if (quantity < 1 || quantity > MAX_WRITE_COILS || count != Pdu.bytesFor(quantity) || pdu.length != 6 + count) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_VALUE, function.label() + ": " + quantity
                    + " coils in " + count + " bytes does not fit a " + pdu.length + "-byte request");
        }
        return new WriteCoils(Pdu.u16(pdu, 1), Pdu.unpack(pdu, 6, quantity));
    }

    /** Checks the fixed 5-byte layout and returns the 16-bit field at {@code offset}. */
    private static int fixed(byte[] pdu, FunctionCode function, int offset) {
        if (pdu.length != 5) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_VALUE, function.label()
                    + ": request must be 5 bytes, was " + pdu.length);
        }
        return Pdu.u16(pdu, offset);
    }
}
