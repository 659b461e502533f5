package loadtest

// buffers is a free list of byte slices. Unlike a sync.Pool it is not
// emptied by the garbage collector, so the bench's own buffers, once grown
// to the size of an answer, are not allocated again and do not add to the
// allocation measured per request.
type buffers chan []byte

func newBuffers(n int) buffers { return make(buffers, n) }

// get returns an empty buffer, reusing a free one when there is one.
func (b buffers) get() []byte {
	select {
	case buf := <-b:
		return buf[:0]
	default:
		return nil
	}
}

// put frees buf for reuse; when the list is full it is left to the garbage
// collector.
func (b buffers) put(buf []byte) {
	select {
	case b <- buf:
	default:
	}
}
