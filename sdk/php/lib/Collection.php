<?php

namespace PaySmart;

/**
 * Collection is one page of a list: ->data (the objects), ->has_more, ->url.
 * Iterating it walks this page; autoPagingIterator() walks every page,
 * fetching the next one (starting_after the last id) while has_more.
 */
class Collection extends PaySmartObject
{
    const OBJECT_NAME = 'list';

    /** @var null|callable(array): Collection fetches a page with other parameters */
    protected $fetchPage;

    /** @var array the parameters this page was fetched with */
    protected $filters = [];

    /**
     * setPageFetcher is how the service that fetched this page lets it fetch
     * the others.
     *
     * @internal
     *
     * @param callable $fetchPage
     * @param null|array $filters
     */
    public function setPageFetcher($fetchPage, $filters)
    {
        $this->fetchPage = $fetchPage;
        $this->filters = $filters ?? [];
    }

    /** @return array the parameters this page was fetched with */
    public function getFilters()
    {
        return $this->filters;
    }

    #[\ReturnTypeWillChange]
    public function getIterator()
    {
        return new \ArrayIterator($this->data ?? []);
    }

    #[\ReturnTypeWillChange]
    public function count()
    {
        return \count($this->data ?? []);
    }

    /** @return bool whether this page has no objects */
    public function isEmpty()
    {
        return 0 === $this->count();
    }

    /** @return null|PaySmartObject the first object of this page */
    public function first()
    {
        $data = $this->data ?? [];

        return $data ? $data[0] : null;
    }

    /** @return null|PaySmartObject the last object of this page */
    public function last()
    {
        $data = $this->data ?? [];

        return $data ? $data[\count($data) - 1] : null;
    }

    /**
     * autoPagingIterator yields every object of the list, from this page on,
     * fetching each next page as it goes with the same parameters. A list
     * fetched with ending_before walks backwards (ending_before the first id).
     *
     * @return \Generator<int, PaySmartObject>
     */
    public function autoPagingIterator()
    {
        $page = $this;
        $backwards = isset($this->filters['ending_before']) && !isset($this->filters['starting_after']);
        while (true) {
            $data = $page->data ?? [];
            foreach ($backwards ? \array_reverse($data) : $data as $item) {
                yield $item;
            }
            if (!$page->has_more || !$data) {
                return;
            }
            $page = $backwards ? $page->previousPage() : $page->nextPage();
        }
    }

    /**
     * nextPage fetches the page after this one (an empty collection when
     * there is none).
     *
     * @param null|array $params parameters to change
     *
     * @return Collection
     */
    public function nextPage($params = null)
    {
        if (!$this->has_more || $this->isEmpty()) {
            return static::emptyCollection();
        }
        $filters = $this->filters;
        unset($filters['ending_before']);
        $filters['starting_after'] = $this->last()->id;

        return $this->fetch(\array_merge($filters, $params ?? []));
    }

    /**
     * previousPage fetches the page before this one (an empty collection when
     * there is none).
     *
     * @param null|array $params parameters to change
     *
     * @return Collection
     */
    public function previousPage($params = null)
    {
        if (!$this->has_more || $this->isEmpty()) {
            return static::emptyCollection();
        }
        $filters = $this->filters;
        unset($filters['starting_after']);
        $filters['ending_before'] = $this->first()->id;

        return $this->fetch(\array_merge($filters, $params ?? []));
    }

    /** @return static a collection with no objects and no more pages */
    public static function emptyCollection()
    {
        return static::constructFrom(['object' => 'list', 'data' => [], 'has_more' => false]);
    }

    /**
     * @param array $params
     *
     * @return Collection
     */
    private function fetch($params)
    {
        if (null === $this->fetchPage) {
            throw new Exception\UnexpectedValueException('This collection was not fetched from the API: it cannot fetch other pages.');
        }

        return \call_user_func($this->fetchPage, $params);
    }
}
