package dev.outpost.hal.modbus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A reply PDU. A slave builds one and sends {@link #pdu()}; a master gets one from {@link #decode}. */
public sealed interface ModbusResponse {

    /** The function of the request this answers (for an exception reply too, without the exception flag). */
    FunctionCode function();

    /** Function code and data, without unit id and CRC. */
    byte[] pdu();

    /** The states of coils or discrete inputs, in address order. */
    record Bits(FunctionCode function, List<Boolean> values) implements ModbusResponse {
        public Bits {
            if (function != FunctionCode.READ_COILS && function != FunctionCode.READ_DISCRETE_INPUTS) {
                throw new IllegalArgumentException("bits answer read coils or read discrete inputs, not " + function);
            }
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty() || values.size() > ModbusRequest.MAX_READ_BITS) {
                throw new IllegalArgumentException(function.label() + ": 1.." + ModbusRequest.MAX_READ_BITS
                        + " bits per reply, was " + values.size());
            }
        }

        @Override
        public byte[] pdu() {
            int count = Pdu.bytesFor(values.size());
            byte[] pdu = new byte[2 + count];
            pdu[0] = (byte) function.code();
            pdu[1] = (byte) count;
            Pdu.pack(values, pdu, 2);
            return pdu;
        }
    }

    /** The values of input registers, each 0..65535, in address order. */
    record Registers(List<Integer> values) implements ModbusResponse {
        public Registers {
            values = List.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty() || values.size() > ModbusRequest.MAX_READ_REGISTERS) {
                throw new IllegalArgumentException("read input registers: 1.." + ModbusRequest.MAX_READ_REGISTERS
                        + " registers per reply, was " + values.size());
            }
            for (int value : values) {
                if (value < 0 || value > 0xFFFF) {
                    throw new IllegalArgumentException("read input registers: a register holds 0..65535, was " + value);
                }
            }
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.READ_INPUT_REGISTERS;
        }

        @Override
        public byte[] pdu() {
            byte[] pdu = new byte[2 + 2 * values.size()];
            pdu[0] = (byte) function().code();
            pdu[1] = (byte) (2 * values.size());
            for (int i = 0; i < values.size(); i++) {
                Pdu.putU16(pdu, 2 + 2 * i, values.get(i));
            }
            return pdu;
        }
    }

    /** The echo of a write single coil request. */
    record CoilWritten(int address, boolean on) implements ModbusResponse {
        @Override
        public FunctionCode function() {
            return FunctionCode.WRITE_SINGLE_COIL;
        }

        @Override
        public byte[] pdu() {
            return new ModbusRequest.WriteCoil(address, on).pdu();
        }
    }

    /** The reply to write multiple coils: where and how many were written. */
    record CoilsWritten(int address, int quantity) implements ModbusResponse {
        public CoilsWritten {
            Pdu.span(FunctionCode.WRITE_MULTIPLE_COILS, address, quantity, ModbusRequest.MAX_WRITE_COILS);
        }

        @Override
        public FunctionCode function() {
            return FunctionCode.WRITE_MULTIPLE_COILS;
        }

        @Override
        public byte[] pdu() {
            byte[] pdu = new byte[5];
            pdu[0] = (byte) function().code();
            Pdu.putU16(pdu, 1, address);
            Pdu.putU16(pdu, 3, quantity);
            return pdu;
        }
    }

    /** The slave refused the request; {@code code} is one of {@link ExceptionCode} or a vendor's own. */
    record ExceptionReply(FunctionCode function, int code) implements ModbusResponse {
        public ExceptionReply {
            Objects.requireNonNull(function, "function");
            if (code < 1 || code > 0xFF) {
                throw new IllegalArgumentException("exception code must be 1..255, was " + code);
            }
        }

        public ExceptionReply(FunctionCode function, ExceptionCode code) {
            this(function, code.code());
        }

        @Override
        public byte[] pdu() {
            return new byte[] {(byte) (function.code() | FunctionCode.EXCEPTION_FLAG), (byte) code};
        }

        /** e.g. {@code illegal data address (02)}. */
        public String describe() {
            return ExceptionCode.describe(code);
        }
    }

    /**
     * Decodes the reply to {@code request}, checking function code, byte count and, for writes, the echo.
     *
     * @throws IllegalArgumentException naming what does not fit the request
     */
    static ModbusResponse decode(ModbusRequest request, byte[] pdu) {
        FunctionCode function = request.function();
        int code = pdu.length > 0 ? pdu[0] & 0xFF : -1;
        if (code == (function.code() | FunctionCode.EXCEPTION_FLAG) && pdu.length == 2) {
            return new ExceptionReply(function, pdu[1] & 0xFF);
        }
        if (code != function.code()) {
            throw new IllegalArgumentException("function code " + String.format("%02X", code) + " in a reply to "
                    + function.label() + " (" + String.format("%02X", function.code()) + ")");
        }
        if (function.reads() && pdu.length >= 2) {
            checkByteCount(pdu, request.replyPduLength() - 2);
        }
        if (pdu.length != request.replyPduLength()) {
            throw new IllegalArgumentException("reply PDU of " + pdu.length + " bytes, expected "
                    + request.replyPduLength());
        }
        return switch (request) {
            case ModbusRequest.ReadCoils read -> new Bits(function, Pdu.unpack(pdu, 2, read.quantity()));
            case ModbusRequest.ReadDiscreteInputs read -> new Bits(function, Pdu.unpack(pdu, 2, read.quantity()));
            case ModbusRequest.ReadInputRegisters read -> new Registers(registers(pdu, read.quantity()));
            case ModbusRequest.WriteCoil write -> {
                checkEcho(request, pdu);
                yield new CoilWritten(write.address(), write.on());
            }
            case ModbusRequest.WriteCoils write -> {
                checkEcho(request, pdu);
                yield new CoilsWritten(write.address(), write.values().size());
            }
        };
    }

    private static List<Integer> registers(byte[] pdu, int quantity) {
        Integer[] values = new Integer[quantity];
        for (int i = 0; i < quantity; i++) {
            values[i] = Pdu.u16(pdu, 2 + 2 * i);
        }
        return List.of(values);
    }

    private static void checkByteCount(byte[] pdu, int expected) {
        if ((pdu[1] & 0xFF) != expected) {
            throw new IllegalArgumentException("byte count " + (pdu[1] & 0xFF) + ", expected " + expected);
        }
    }

    /** A write's reply repeats the first five bytes of its request: function, address and value or quantity. */
    private static void checkEcho(ModbusRequest request, byte[] pdu) {
        byte[] sent = request.pdu();
        if (!Arrays.equals(pdu, 0, 5, sent, 0, 5)) {
            throw new IllegalArgumentException("the echo " + Pdu.hex(pdu) + " does not match the request "
                    + Pdu.hex(Arrays.copyOf(sent, 5)));
        }
    }
}
