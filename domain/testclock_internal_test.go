package domain

import (
	"reflect"
	"testing"
	"time"
)

// TestAtCopiesTheEngine fails when Engine gains an exported field that the
// test-clock engine (at) does not carry over (interface fields are not
// checked: copy them by hand).
func TestAtCopiesTheEngine(t *testing.T) {
	t.Parallel()
	e := &Engine{Clock: time.Now}
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.Func:
			if name := v.Type().Field(i).Name; name != "Clock" {
				f.Set(reflect.MakeFunc(f.Type(), func([]reflect.Value) []reflect.Value { return nil }))
			}
		case reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		}
	}
	c := reflect.ValueOf(e.at(time.Now())).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() || name == "Store" || name == "Clock" {
			continue
		}
		a, b := v.Field(i), c.Field(i)
		same := false
		switch a.Kind() {
		case reflect.Func, reflect.Slice, reflect.Map, reflect.Pointer:
			same = a.Pointer() == b.Pointer()
		default:
			same = reflect.DeepEqual(a.Interface(), b.Interface())
		}
		if !same {
			t.Errorf("Engine.%s is not copied by at()", name)
		}
	}
}
