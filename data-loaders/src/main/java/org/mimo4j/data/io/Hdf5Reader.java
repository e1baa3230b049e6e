package org.mimo4j.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads numeric datasets of an HDF5 file (through the pure-Java jhdf library) into {@link NdArray}s,
 * for the AVE features and MM-IMDB.
 *
 * <p>jhdf trusts the file's object headers, so this class checks what it can before asking for data
 * (the dataset exists, is a numeric array, its element count fits a Java array and its declared size
 * is reachable from the bytes it occupies in a file of this length) and turns any failure of the
 * parser on damaged input into a {@link DataFormatException} naming the file and dataset.
 */
public final class Hdf5Reader implements AutoCloseable {
    /** Compressed chunks cannot plausibly expand more than deflate's ~1032:1. */
    private static final long MAX_EXPANSION = 1032;
    /** Datasets this small may live entirely in fill values, with no storage at all. */
    private static final long SMALL_BYTES = 1 << 20;

    private final Path file;
    private final long fileLength;
    private final HdfFile hdf;

    private Hdf5Reader(Path file, long fileLength, HdfFile hdf) {
        this.file = file;
        this.fileLength = fileLength;
        this.hdf = hdf;
    }

    /** Opens {@code file}; fails with {@link NoSuchFileException} or a {@link DataFormatException}. */
    public static Hdf5Reader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        long length = Files.size(file);
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new DataFormatException(file.toString(), "superblock", "not a readable HDF5 file ("
                    + e.getMessage() + "); expected a file written by h5py or the HDF5 library", e);
        }
        checkEndOfFile(hdf, file, length);
        return new Hdf5Reader(file, length, hdf);
    }

    /**
     * jhdf reads past the end of a truncated file without complaint (the missing bytes come back as
     * garbage), so compare the superblock's end-of-file address with the real length first.
     */
    private static void checkEndOfFile(HdfFile hdf, Path file, long length) throws DataFormatException {
        var superblock = hdf.getHdfBackingStorage().getSuperblock();
        long declared = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (declared > length || declared < 0) {
            hdf.close();
            throw new DataFormatException(file.toString(), "superblock end-of-file address", "the file declares "
                    + declared + " bytes but has " + length + "; expected a complete file (truncated download?)");
        }
    }

    /** Reads one dataset of {@code file} and closes it. */
    public static NdArray read(Path file, String dataset) throws IOException {
        try (Hdf5Reader reader = open(file)) {
            return reader.read(dataset);
        }
    }

    /** The paths of all datasets in the file, depth first in the file's order. */
    public List<String> datasets() throws DataFormatException {
        List<String> out = new ArrayList<>();
        try {
            collect(hdf, out);
        } catch (RuntimeException e) {
            throw parserFailure("group structure", e);
        }
        return out;
    }

    private static void collect(Group group, List<String> out) {
        for (Node child : group) {
            if (child instanceof Dataset) {
                out.add(child.getPath());
            } else if (child instanceof Group g) {
                collect(g, out);
            }
        }
    }

    /** The shape of a dataset, without reading its data. */
    public int[] shape(String path) throws DataFormatException {
        try {
            return dataset(path).getDimensions();
        } catch (RuntimeException e) {
            throw parserFailure("dataset '" + path + "'", e);
        }
    }

    /** Reads a whole numeric dataset, validated as described in the class comment. */
    public NdArray read(String path) throws DataFormatException {
        String where = "dataset '" + path + "'";
        try {
            Dataset ds = dataset(path);
            DType dtype = dtype(ds, where);
            int[] shape = ds.isScalar() ? new int[0] : ds.getDimensions();
            checkSize(ds, dtype, shape, where);
            return wrap(ds.getDataFlat(), dtype, shape, where);
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw parserFailure(where, e);
        }
    }

    private Dataset dataset(String path) throws DataFormatException {
        Node node;
        try {
            node = hdf.getByPath(path);
        } catch (io.jhdf.exceptions.HdfInvalidPathException e) {
            throw new DataFormatException(file.toString(), "dataset '" + path + "'",
                    "no such dataset; the file holds " + datasets());
        }
        if (!(node instanceof Dataset ds)) {
            throw new DataFormatException(file.toString(), "dataset '" + path + "'",
                    "is a group, not a dataset; the file holds " + datasets());
        }
        return ds;
    }

    private DType dtype(Dataset ds, String where) throws DataFormatException {
        if (ds.isCompound() || ds.isVariableLength()) {
            throw new DataFormatException(file.toString(), where, "is a compound or variable-length dataset; "
                    + "expected a plain numeric array");
        }
        var type = ds.getDataType();
        int size = type.getSize();
        if (type instanceof FloatingPoint && (size == 4 || size == 8 || size == 2)) {
            return size == 4 ? DType.FLOAT32 : size == 8 ? DType.FLOAT64 : DType.FLOAT16;
        }
        if (type instanceof FixedPoint fp && (size == 1 || size == 2 || size == 4 || size == 8)) {
            return switch (size) {
                case 1 -> fp.isSigned() ? DType.INT8 : DType.UINT8;
                case 2 -> fp.isSigned() ? DType.INT16 : DType.UINT16;
                case 4 -> DType.INT32;
                default -> DType.INT64;
            };
        }
        throw new DataFormatException(file.toString(), where, "element type " + type.getClass().getSimpleName()
                + " of " + size + " bytes is not supported; expected 1-8 byte integers or 2/4/8 byte floats");
    }

    private void checkSize(Dataset ds, DType dtype, int[] shape, String where) throws DataFormatException {
        long numel = NdArray.numel(shape);
        if (numel > NdArray.MAX_ELEMENTS) {
            throw new DataFormatException(file.toString(), where, "shape " + Arrays.toString(shape) + " has "
                    + numel + " elements; a Java array holds at most " + NdArray.MAX_ELEMENTS);
        }
        long bytes = numel * dtype.itemSize();
        long stored = ds.getStorageInBytes();
        boolean reachable = bytes <= SMALL_BYTES || (stored <= fileLength
                && (stored > Long.MAX_VALUE / MAX_EXPANSION || bytes <= stored * MAX_EXPANSION));
        if (stored < 0 || stored > fileLength || !reachable) {
            throw new DataFormatException(file.toString(), where, "shape " + Arrays.toString(shape) + " of "
                    + dtype.code() + " needs " + bytes + " bytes but the dataset occupies " + stored
                    + " bytes of a " + fileLength + "-byte file; expected its storage to hold the data");
        }
    }

    /** Wraps jhdf's flat Java array; jhdf widens unsigned integers, so those are narrowed back with a range check. */
    private NdArray wrap(Object flat, DType dtype, int[] shape, String where) throws DataFormatException {
        return switch (dtype) {
            case FLOAT32 -> NdArray.ofFloats((float[]) flat, shape);
            case FLOAT64 -> NdArray.ofDoubles((double[]) flat, shape);
            case FLOAT16 -> NdArray.halfOf((float[]) flat, shape);
            case INT64 -> NdArray.ofLongs(flat instanceof long[] l ? l : widen(flat), shape);
            case INT32 -> flat instanceof int[] i ? NdArray.ofInts(i, shape) : NdArray.ofLongs(widen(flat), shape);
            default -> narrow(flat, dtype, shape, where);
        };
    }

    private NdArray narrow(Object flat, DType dtype, int[] shape, String where) throws DataFormatException {
        long[] values = widen(flat);
        NdArray out = NdArray.zeros(dtype, shape);
        long min = dtype == DType.INT8 ? Byte.MIN_VALUE : dtype == DType.INT16 ? Short.MIN_VALUE : 0;
        long max = switch (dtype) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            default -> 65535;
        };
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (v < min || v > max) {
                throw new DataFormatException(file.toString(), where, "element " + i + " = " + v
                        + " does not fit the dataset's " + dtype.code() + " type");
            }
            if (dtype.itemSize() == 1) {
                out.bytes()[i] = (byte) v;
            } else {
                out.shorts()[i] = (short) v;
            }
        }
        return out;
    }

    private static long[] widen(Object flat) {
        if (flat instanceof byte[] b) {
            long[] out = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i];
            }
            return out;
        }
        if (flat instanceof short[] s) {
            long[] out = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
            return out;
        }
        if (flat instanceof int[] v) {
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
            return out;
        }
        if (flat instanceof long[] l) {
            return l;
        }
        throw new IllegalStateException("jhdf returned " + flat.getClass().getSimpleName() + " for an integer dataset");
    }

    /** jhdf reports damaged files through assorted runtime exceptions; callers get one clear type. */
    private DataFormatException parserFailure(String where, RuntimeException e) {
        return new DataFormatException(file.toString(), where, "the HDF5 structure is damaged or unsupported ("
                + e + ")", e);
    }

    @Override
    public void close() {
        hdf.close();
    }
}
